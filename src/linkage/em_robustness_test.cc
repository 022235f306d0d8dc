// Training on odd data (issue 4): a column constant across the store, or a
// field blank in a whole class of requests, must still give a sensible
// model, not one that splits the data by which fields are present. Each
// case trains without labels on a synthetic population (taxgate synth) and
// is judged against its truth files.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <unordered_map>

#include "common/crypto.h"
#include "common/csv_reader.h"
#include "linkage/error_estimate.h"
#include "linkage/matcher.h"
#include "linkage/test_inputs.h"
#include "ruleset/ruleset.h"
#include "synth/synthesizer.h"
#include "test_util.h"

namespace taxgate::linkage {
namespace {

constexpr int kDob = static_cast<int>(Field::kDob);
constexpr int kPlace = static_cast<int>(Field::kPlace);
constexpr int kCityLevel = 2;  // place: "city" (the ZIP differs)

struct Outcome {
  Model model;
  TrainReport report;
  double precision = 0, recall = 0;
  double recall_of_class = 0;  // recall over the requests `in_class` marks
  double recall_of_rest = 0;   // and over the others
  size_t false_answers = 0;    // absent persons that got a match
  ErrorEstimate estimate;      // the model's own, label-free
  double false_match_rate = 0, missed_rate = 0;  // the truth of the same
};

class EmRobustnessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(InitCrypto());
    dir_ = new testing::TempDir();
    synth::SynthOptions o;
    o.people = 3000;
    o.requests = 1500;
    o.seed = 7;
    auto s = synth::WriteSynth(o, dir_->path());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    auto records = ReadRecords(dir_->File("records.csv"));
    ASSERT_TRUE(records.ok());
    records_ = new std::vector<domain::Record>(std::move(records).value());
    auto requests = ReadRequests(dir_->File("requests.csv"));
    ASSERT_TRUE(requests.ok());
    requests_ = new Requests(std::move(requests).value());
    auto persons = ReadPairs(dir_->File("records_truth.csv"));
    auto truth = ReadPairs(dir_->File("truth.csv"));
    ASSERT_TRUE(persons.ok() && truth.ok());
    auto& person = *persons;
    truth_ = new std::unordered_map<std::string, std::string>();
    for (const auto& [req, rec] : *truth) {
      (*truth_)[req] = person[rec];
    }
    person_ = new std::unordered_map<std::string, std::string>(person);
  }
  static void TearDownTestSuite() {
    delete records_;
    delete requests_;
    delete truth_;
    delete person_;
    delete dir_;
  }

  // Trains on (records, queries) and scores the matches; `in_class(i)`
  // marks the requests whose recall is reported apart.
  static Outcome Run(std::vector<domain::Record> records,
                     const std::vector<domain::PersonQuery>& queries,
                     const std::function<bool(size_t)>& in_class) {
    auto rs = ruleset::DefaultRuleset();
    EXPECT_TRUE(rs.ok()) << rs.status().ToString();
    MatchIndex index = MatchIndex::Build(std::move(records), (*rs)->tables);
    Outcome out;
    TrainOptions options;
    options.max_u_pairs = 100000;
    auto m = Train(index, queries, DefaultModel(), options, &out.report);
    EXPECT_TRUE(m.ok());
    out.model = *m;
    size_t tp = 0, fp = 0, true_pairs = 0, class_pairs = 0, class_tp = 0;
    size_t rest_pairs = 0, rest_tp = 0;
    for (size_t i = 0; i < queries.size(); ++i) {
      const std::string& id = requests_->ids[i];
      auto want = truth_->find(id);
      bool present = want != truth_->end();
      true_pairs += present;
      if (present && in_class(i)) ++class_pairs;
      if (present && !in_class(i)) ++rest_pairs;
      MatchResult r = index.Match(queries[i], out.model);
      if (r.best) {
        out.estimate.Add(MatchDecisionName(r.decision), r.best->probability);
      }
      if (r.decision != MatchDecision::kMatch) continue;
      bool right = present && (*person_)[r.best->record_id] == want->second;
      if (right) {
        ++tp;
        ++(in_class(i) ? class_tp : rest_tp);
      } else {
        ++fp;
        if (!present) ++out.false_answers;
      }
    }
    out.precision = tp + fp ? static_cast<double>(tp) / (tp + fp) : 1.0;
    out.false_match_rate = 1 - out.precision;
    out.missed_rate =
        1 - static_cast<double>(tp) / std::max<size_t>(true_pairs, 1);
    out.recall = static_cast<double>(tp) / std::max<size_t>(true_pairs, 1);
    out.recall_of_class =
        static_cast<double>(class_tp) / std::max<size_t>(class_pairs, 1);
    out.recall_of_rest =
        static_cast<double>(rest_tp) / std::max<size_t>(rest_pairs, 1);
    return out;
  }

  static testing::TempDir* dir_;
  static std::vector<domain::Record>* records_;
  static Requests* requests_;
  static std::unordered_map<std::string, std::string>* truth_;
  static std::unordered_map<std::string, std::string>* person_;
};
testing::TempDir* EmRobustnessTest::dir_ = nullptr;
std::vector<domain::Record>* EmRobustnessTest::records_ = nullptr;
Requests* EmRobustnessTest::requests_ = nullptr;
std::unordered_map<std::string, std::string>* EmRobustnessTest::truth_ =
    nullptr;
std::unordered_map<std::string, std::string>* EmRobustnessTest::person_ =
    nullptr;

TEST_F(EmRobustnessTest, ACityAndStateConstantAcrossTheStoreCarryNoWeight) {
  Outcome base =
      Run(*records_, requests_->queries, [](size_t) { return true; });
  std::vector<domain::Record> records = *records_;
  for (auto& r : records) {
    r.city = "SPRINGFIELD";
    r.state = "IL";
  }
  std::vector<domain::PersonQuery> queries = requests_->queries;
  for (auto& q : queries) {
    q.city = "SPRINGFIELD";
    q.state = "IL";
  }
  Outcome odd = Run(records, queries, [](size_t) { return true; });
  EXPECT_TRUE(odd.report.em_converged);
  // Every pair agrees on the city, so the "city" level now means only "the
  // ZIP differs": agreeing on the constant city must not count for a match.
  EXPECT_GT(odd.model.params[kPlace][kCityLevel].u_probability, 0.9);
  EXPECT_LE(odd.model.Weight(kPlace, kCityLevel), 0.0);
  // The rest of the model still finds the people.
  EXPECT_GE(odd.precision, 0.999);
  EXPECT_EQ(odd.false_answers, 0u);
  EXPECT_GE(odd.recall, base.recall - 0.02);
  EXPECT_GT(odd.model.params[kDob][0].m_probability, 0.8);
}

TEST_F(EmRobustnessTest, AClassOfRequestsWithoutDobOrTinDoesNotSplitTheModel) {
  Outcome base =
      Run(*records_, requests_->queries, [](size_t) { return true; });
  std::vector<domain::PersonQuery> queries = requests_->queries;
  for (size_t i = 0; i < queries.size(); i += 2) {
    queries[i].dob.clear();
    queries[i].tin.clear();
  }
  auto blank = [](size_t i) { return i % 2 == 0; };
  Outcome odd = Run(*records_, queries, blank);
  EXPECT_TRUE(odd.report.em_converged);
  // Missing fields are neutral, so EM cannot split the requests by which
  // fields are present: the m-probabilities stay where the complete data
  // put them. The address and place ones are biased upward (by about 0.13
  // here): a request with no date of birth or TIN is found only when its
  // address agrees, so its moved-address matches are missed.
  // docs/linkage_model.md, "Known limits".
  for (int f = 0; f < kNumFields; ++f) {
    const bool address = f == static_cast<int>(Field::kAddress) || f == kPlace;
    EXPECT_NEAR(odd.model.params[f][0].m_probability,
                base.model.params[f][0].m_probability, address ? 0.2 : 0.1)
        << FieldName(f);
  }
  EXPECT_GE(odd.precision, 0.999);
  EXPECT_EQ(odd.false_answers, 0u);
  // The complete half is found as before; the blank half by name and
  // address alone, most of it.
  EXPECT_GE(odd.recall_of_rest, base.recall - 0.02);
  EXPECT_GE(odd.recall_of_class, 0.75);
  RecordProperty("recall_without_dob_tin", std::to_string(odd.recall_of_class));
}

// Issue 15: on a synth batch the model was never tuned on (seed 7; the
// thresholds were set on seed 1 and FEBRL4), its own label-free estimate of
// false matches and of persons left unmatched is within half a point of
// the truth.
TEST_F(EmRobustnessTest, TheLabelFreeEstimateIsWithinHalfAPoint) {
  Outcome o = Run(*records_, requests_->queries, [](size_t) { return false; });
  RecordProperty("estimated_missed", std::to_string(o.estimate.MissedRate()));
  RecordProperty("missed", std::to_string(o.missed_rate));
  EXPECT_GT(o.estimate.matches, 0);
  EXPECT_NEAR(o.estimate.FalseMatchRate(), o.false_match_rate, 0.005);
  EXPECT_NEAR(o.estimate.MissedRate(), o.missed_rate, 0.005);
}

}  // namespace
}  // namespace taxgate::linkage
