#include "linkage/matcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "common/data_dir.h"
#include "linkage/u_estimator.h"
#include "ruleset/ruleset.h"

namespace taxgate::linkage {
namespace {

domain::Record R(const char* id, const char* tin, const char* first,
                 const char* last, const char* dob, const char* street,
                 const char* city, const char* state, const char* zip,
                 int year = 2023) {
  domain::Record r;
  r.record_id = id;
  r.tin = tin;
  r.first_name = first;
  r.last_name = last;
  r.dob = dob;
  r.street = street;
  r.city = city;
  r.state = state;
  r.zip = zip;
  r.tax_year = year;
  return r;
}

domain::PersonQuery Q(const char* first, const char* last, const char* dob,
                      const char* street = "", const char* city = "",
                      const char* state = "", const char* zip = "",
                      const char* tin = "") {
  domain::PersonQuery q;
  q.first_name = first;
  q.last_name = last;
  q.dob = dob;
  q.street = street;
  q.city = city;
  q.state = state;
  q.zip = zip;
  q.tin = tin;
  return q;
}

// printf-formatted text (GCC 12 -O3 warns falsely on "R" + to_string(i)).
template <typename... Args>
std::string Format(const char* format, Args... args) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, args...);
  return buf;
}

class MatcherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto rs = ruleset::DefaultRuleset();
    ASSERT_TRUE(rs.ok()) << rs.status().ToString();
    tables_ = new std::shared_ptr<const normalize::Tables>((*rs)->tables);
  }
  static void TearDownTestSuite() { delete tables_; }
  // A small store: tf from it says little, so tests score without tf.
  static Model TestModel() {
    Model m = DefaultModel();
    m.lambda = 1e-4;
    m.tf_adjustment = false;
    return m;
  }
  static MatchIndex Index(std::vector<domain::Record> rows) {
    return MatchIndex::Build(std::move(rows), *tables_);
  }
  static std::shared_ptr<const normalize::Tables>* tables_;
};
std::shared_ptr<const normalize::Tables>* MatcherTest::tables_ = nullptr;

TEST_F(MatcherTest, RowsOfOneTaxpayerAreNotAmbiguous) {
  MatchIndex idx = Index({
      R("R1", "123-45-6789", "John", "Smith", "1980-01-02", "1 Main St",
        "Austin", "TX", "78701", 2021),
      R("R2", "123456789", "John", "Smith", "1980-01-02", "9 Oak Ave", "Austin",
        "TX", "78702", 2022),
      R("R3", "987654321", "Jane", "Doe", "1975-05-06", "3 Elm St", "Dallas",
        "TX", "75201"),
  });
  EXPECT_EQ(idx.TaxpayerRecords(0), (std::vector<size_t>{0, 1}));
  EXPECT_EQ(idx.TaxpayerRecords(2), (std::vector<size_t>{2}));
  MatchResult r = idx.Match(Q("John", "Smith", "1980-01-02"), TestModel());
  EXPECT_EQ(r.decision, MatchDecision::kMatch) << r.reason_code;
  ASSERT_TRUE(r.best.has_value());
  EXPECT_TRUE(r.best->record_id == "R1" || r.best->record_id == "R2");
  EXPECT_EQ(r.candidates.size(), 1u);  // one taxpayer
  EXPECT_EQ(r.pairs_compared, 2u);
}

TEST_F(MatcherTest, TwoPeopleWithTheSameNameAndNothingElseAreAmbiguous) {
  MatchIndex idx = Index({
      R("R1", "111111111", "John", "Smith", "", "1 Main St", "Austin", "TX",
        "78701"),
      R("R2", "222222222", "John", "Smith", "", "5 Elm St", "Austin", "TX",
        "78701"),
  });
  MatchResult r = idx.Match(Q("John", "Smith", "", "", "Austin", "TX", "78701"),
                            TestModel());
  EXPECT_EQ(r.decision, MatchDecision::kPossible);
  EXPECT_EQ(r.reason_code, "AMBIGUOUS");
  EXPECT_EQ(r.candidates.size(), 2u);
  // The address tells them apart.
  MatchResult s =
      idx.Match(Q("John", "Smith", "", "5 Elm Street", "Austin", "TX", "78701"),
                TestModel());
  EXPECT_EQ(s.decision, MatchDecision::kMatch);
  ASSERT_TRUE(s.best.has_value());
  EXPECT_EQ(s.best->record_id, "R2");
}

TEST_F(MatcherTest, SharedTinWithAnotherPersonMakesTwoTaxpayers) {
  MatchIndex idx = Index({
      R("R1", "123456789", "John", "Smith", "1980-01-02", "", "", "", ""),
      R("R2", "123456789", "Maria", "Gonzalez", "1955-07-08", "", "", "", ""),
  });
  EXPECT_EQ(idx.TaxpayerRecords(0), (std::vector<size_t>{0}));
  EXPECT_NE(idx.taxpayer(0), idx.taxpayer(1));
}

TEST_F(MatcherTest, RowsOneTinTypoApartOrWithoutTinAreOneTaxpayer) {
  MatchIndex idx = Index({
      R("R1", "711644692", "Natalie", "Davis", "2001-04-28", "968 Page Rdg",
        "Los Angeles", "CA", "90031"),
      R("R2", "716144692", "Natalie", "Davis", "2001-04-28", "12 Oak St",
        "Los Angeles", "CA", "90031"),
      R("R3", "", "Natalie", "Davis", "2001-04-28", "968 Page Ridge",
        "Los Angeles", "CA", "90031-7972"),
      R("R4", "", "Natalie", "Davis", "2001-04-28", "5 Elm St", "Reno", "NV",
        "89501"),  // no TIN and another address: not enough
  });
  EXPECT_EQ(idx.TaxpayerRecords(0), (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(idx.TaxpayerRecords(3), (std::vector<size_t>{3}));
}

TEST_F(MatcherTest, NameAndPlaceAloneAreNotEnoughToMatch) {
  MatchIndex idx = Index({
      R("R1", "741053585", "Anna", "Walton", "", "86 2nd St", "Chicago", "IL",
        "60628"),
      R("R2", "366816211", "Mary", "Jones", "1990-05-07", "2 Elm St", "Boise",
        "ID", "83748"),
  });
  Model m = TestModel();
  m.lambda = 1e-3;  // names + ZIP clear the probability threshold
  MatchResult r = idx.Match(Q("Anna", "Walton", "1987-02-18",
                              "126 W McQueen St", "Chicago", "IL", "60628"),
                            m);
  ASSERT_FALSE(r.candidates.empty());
  EXPECT_GE(r.candidates[0].probability, m.match_threshold);
  EXPECT_EQ(r.decision, MatchDecision::kPossible);
  EXPECT_EQ(r.reason_code, "LOW_CONFIDENCE");
  m.no_identifier_extra_weight = 0;  // the rule off: a match
  EXPECT_EQ(idx.Match(Q("Anna", "Walton", "1987-02-18", "126 W McQueen St",
                        "Chicago", "IL", "60628"),
                      m)
                .decision,
            MatchDecision::kMatch);
}

TEST_F(MatcherTest, DobAndStreetIdentifyOnlyWithTheirPlaceAndNames) {
  // Among millions of records, someone is born the same day with a name
  // alike, and the same house number and street exist in another town:
  // neither identifies the person by itself (bench/scale.sh).
  MatchIndex idx = Index({
      R("R1", "741053585", "Anna", "Walton", "1987-02-18", "86 2nd St",
        "Chicago", "IL", "60628"),
      R("R2", "366816211", "Mary", "Jones", "1990-05-07", "2 Elm St", "Boise",
        "ID", "83748"),
  });
  Model m = TestModel();
  m.lambda = 1e-3;
  auto decide = [&](const domain::PersonQuery& q, const Model& model) {
    MatchResult r = idx.Match(q, model);
    EXPECT_FALSE(r.candidates.empty());
    if (r.candidates.empty()) return MatchDecision::kNoMatch;
    EXPECT_EQ(r.candidates[0].record_id, "R1");
    EXPECT_GE(r.candidates[0].probability, model.match_threshold)
        << q.first_name << " " << q.last_name << " " << q.city;
    return r.decision;
  };
  // Both names and the date of birth, nowhere said to live elsewhere.
  EXPECT_EQ(decide(Q("Anna", "Walton", "1987-02-18"), m),
            MatchDecision::kMatch);
  // The same, living entirely elsewhere: street, ZIP and city differ.
  const auto elsewhere =
      Q("Anna", "Walton", "1987-02-18", "5 Oak Ave", "Boise", "ID", "83702");
  EXPECT_EQ(decide(elsewhere, m), MatchDecision::kPossible);
  // The same street in its own place identifies; in another ZIP and city
  // it does not.
  EXPECT_EQ(
      decide(Q("Anna", "Walton", "", "86 2nd St", "Chicago", "IL", "60628"), m),
      MatchDecision::kMatch);
  const auto other_town =
      Q("Anna", "Walton", "", "86 2nd St", "Boise", "ID", "83702");
  EXPECT_EQ(decide(other_town, m), MatchDecision::kPossible);
  // With the rule off (no extra weight asked), both would be matched.
  m.no_identifier_extra_weight = 0;
  EXPECT_EQ(decide(elsewhere, m), MatchDecision::kMatch);
  EXPECT_EQ(decide(other_town, m), MatchDecision::kMatch);
}

TEST_F(MatcherTest, TinAndStreetDoNotMatchAPersonWhoseNameAndDobDisagree) {
  // A request carrying the taxpayer's TIN and street but another surname
  // and another date of birth: the weights of TIN and address clear the
  // threshold, yet it is another person until a reviewer says otherwise.
  MatchIndex idx = Index({
      R("R1", "512345678", "Ana Maria", "Garcia Lopez", "1984-06-02",
        "1811 Ruiz St", "Laredo", "TX", "78040"),
      R("R2", "366816211", "Mary", "Jones", "1990-05-07", "2 Elm St", "Boise",
        "ID", "83748"),
  });
  const Model m = TestModel();
  MatchResult r = idx.Match(Q("Ana", "Crossaa", "1962-11-19", "1811 Ruiz St",
                              "Laredo", "TX", "78040", "512345678"),
                            m);
  ASSERT_FALSE(r.candidates.empty());
  EXPECT_EQ(r.candidates[0].record_id, "R1");
  EXPECT_GE(r.candidates[0].probability, m.match_threshold);
  EXPECT_EQ(r.decision, MatchDecision::kPossible);
  EXPECT_EQ(r.reason_code, "LOW_CONFIDENCE");
  // A relative at the same address whose TIN was mistyped as hers: given
  // name and date of birth disagree.
  EXPECT_EQ(idx.Match(Q("Carlos", "Garcia Lopez", "2001-03-15", "1811 Ruiz St",
                        "Laredo", "TX", "78040", "512345678"),
                      m)
                .decision,
            MatchDecision::kPossible);
  // A surname that disagrees with no date of birth to confirm the person:
  // the neighbour at the same address, or a TIN typed wrong.
  EXPECT_EQ(idx.Match(Q("Ana", "Crossaa", "", "1811 Ruiz St", "Laredo", "TX",
                        "78040", "512345678"),
                      m)
                .decision,
            MatchDecision::kPossible);
  // Given name and surname both disagreeing, whatever else agrees.
  EXPECT_EQ(idx.Match(Q("John", "Crossaa", "1984-06-02", "1811 Ruiz St",
                        "Laredo", "TX", "78040", "512345678"),
                      m)
                .decision,
            MatchDecision::kPossible);
  // One field disagreeing (a married name) still matches on the rest.
  EXPECT_EQ(idx.Match(Q("Ana", "Crossaa", "1984-06-02", "1811 Ruiz St",
                        "Laredo", "TX", "78040", "512345678"),
                      m)
                .decision,
            MatchDecision::kMatch);
}

// Issue 15: at the address a request gives live people it does not name.
// A housemate with other names never outranks the person named, and a
// relative of another given name is no candidate without a date of birth
// that confirms them.
TEST_F(MatcherTest, HousematesTheRequestRulesOutAreNeverChosen) {
  MatchIndex idx = Index({
      R("R1", "512345678", "Yvette", "Walko", "1980-09-08", "638 32nd Ave",
        "Las Vegas", "NV", "89134"),
      R("R2", "184529741", "John", "Kane", "1969-04-29", "681 S Grove Dr",
        "Houston", "TX", "77018"),
      R("R3", "366816211", "Marisol", "Lyons Solis", "1972-04-28",
        "671 Meadow Dr", "Moreno Valley", "CA", "92552"),
  });
  const Model m = TestModel();
  // The name of one person with the home of another: the housemate's
  // address weighs more than the named person's names, yet he is not the
  // one asked for.
  MatchResult r = idx.Match(
      Q("John", "Kane", "", "638 32nd Ave", "Las Vegas", "NV", "89134"), m);
  ASSERT_GE(r.candidates.size(), 2u);
  EXPECT_EQ(r.candidates[0].record_id, "R2");
  EXPECT_FALSE(r.candidates[0].ruled_out);
  EXPECT_EQ(r.candidates[1].record_id, "R1");
  EXPECT_TRUE(r.candidates[1].ruled_out);
  EXPECT_NE(r.decision, MatchDecision::kMatch);
  // A relative at her home, another given name, no date of birth.
  MatchResult kin = idx.Match(Q("Zoe", "Lyons Solis", "", "671 Meadow Dr",
                                "Moreno Valley", "CA", "92552"),
                              m);
  EXPECT_EQ(kin.decision, MatchDecision::kNoMatch);
  // A given name only alike and a date of birth against it: a relative as
  // often as two typos, so a reviewer decides.
  MatchResult alike =
      idx.Match(Q("Madison", "Lyons Solis", "1957-08-28", "671 Meadow Dr",
                  "Moreno Valley", "CA", "92552"),
                m);
  EXPECT_NE(alike.decision, MatchDecision::kMatch);
  // Her own name at her home still matches without a date of birth.
  EXPECT_EQ(idx.Match(Q("Marisol", "Lyons Solis", "", "671 Meadow Dr",
                        "Moreno Valley", "CA", "92552"),
                      m)
                .decision,
            MatchDecision::kMatch);
}

// Issue 15's review: one given name of the other's is not the person
// without a date of birth that confirms it (a son named after his father,
// at the father's home), and twins whose names are a typo apart are two
// taxpayers even with consecutive TINs.
TEST_F(MatcherTest, AGivenNameSharedWithARelativeOrATwinIsNotThePerson) {
  MatchIndex idx = Index({
      R("R1", "512345678", "Michael James", "Smith", "1990-02-03", "12 Oak St",
        "Austin", "TX", "78701"),
      R("R2", "611111111", "Daniel", "Ortiz", "1995-05-05", "3 Elm St", "Reno",
        "NV", "89501"),
      R("R3", "611111112", "Daniela", "Ortiz", "1995-05-05", "3 Elm St", "Reno",
        "NV", "89501"),
      R("R4", "", "Daniela", "Ortiz", "", "3 Elm St", "Reno", "NV", "89501"),
  });
  const Model m = TestModel();
  MatchResult father = idx.Match(
      Q("James", "Smith", "", "12 Oak St", "Austin", "TX", "78701"), m);
  ASSERT_FALSE(father.candidates.empty());
  EXPECT_EQ(father.candidates[0].record_id, "R1");
  EXPECT_NE(father.decision, MatchDecision::kMatch);
  // With his date of birth it is him.
  EXPECT_EQ(idx.Match(Q("James", "Smith", "1990-02-03", "12 Oak St", "Austin",
                        "TX", "78701"),
                      m)
                .decision,
            MatchDecision::kMatch);
  EXPECT_NE(idx.taxpayer(1), idx.taxpayer(2));
  EXPECT_EQ(idx.taxpayer(3), idx.taxpayer(2));  // her information return
}

// Issue 15: hypocorisms and one given name of a compound reach blocking
// without a date of birth or the address on file.
TEST_F(MatcherTest, FamiliarAndCompoundGivenNamesReachBlocking) {
  MatchIndex idx = Index({
      R("R1", "", "María Guadalupe", "Sánchez", "1975-01-02", "9 Pine St",
        "Dallas", "TX", "75201"),
      R("R2", "", "Juan Carlos", "Mendoza", "1982-05-06", "4 Oak Ave", "Tucson",
        "AZ", "85701"),
      R("R3", "", "Roberto", "Vega", "1990-07-08", "7 Elm Rd", "Miami", "FL",
        "33101"),
  });
  auto found = [&](const domain::PersonQuery& q, size_t row) {
    std::vector<uint32_t> cand;
    idx.Candidates(idx.Prepare(q), &cand);
    return std::find(cand.begin(), cand.end(), row) != cand.end();
  };
  EXPECT_TRUE(
      found(Q("Lupe", "Sanchez", "", "1 Main St", "Reno", "NV", "89501"), 0));
  EXPECT_TRUE(found(Q("Carlos", "Mendoza", "", "", "Boise", "ID", "83701"), 1));
  EXPECT_TRUE(found(Q("Beto", "Vega", "", "", "", "", ""), 2));
  EXPECT_FALSE(found(Q("Lupe", "Mendoza", "", "", "", "", ""), 1));
}

// Issue 15: an information return without a TIN or a date of birth at the
// taxpayer's address is the taxpayer's; a father and son of one name at one
// home, each with a date of birth and a TIN, stay two taxpayers, and a row
// with neither joins at most one of them.
TEST_F(MatcherTest, RowsWithoutDobAtTheAddressJoinTheirTaxpayerOnly) {
  MatchIndex idx = Index({
      R("R1", "308073828", "Joseph", "Brasel", "1992-06-13", "270 Nichols Ave",
        "Rochester", "NY", "14603"),
      R("R2", "", "Joseph", "Brsael", "", "270 Nichols Ave", "Rochester", "NY",
        "14603-3496"),
      R("R3", "111223333", "Miles", "Payton", "1960-01-01", "764 80th Sq",
        "New York", "NY", "10035"),
      R("R4", "444556666", "Miles", "Payton", "2003-04-17", "764 80th Sq",
        "New York", "NY", "10035"),
      R("R5", "", "Miles", "Payton", "", "764 80th Sq", "New York", "NY",
        "10035"),
  });
  EXPECT_EQ(idx.TaxpayerRecords(0), (std::vector<size_t>{0, 1}));
  EXPECT_NE(idx.taxpayer(2), idx.taxpayer(3));
  EXPECT_FALSE(idx.taxpayer(4) == idx.taxpayer(2) &&
               idx.taxpayer(4) == idx.taxpayer(3));
}

TEST_F(MatcherTest, HispanicNamesMatchAcrossForms) {
  MatchIndex idx = Index({
      R("R1", "", "José", "García López", "1970-02-03", "15 Calle Luna",
        "San Juan", "PR", "00901"),
      R("R2", "", "Francisco", "Hernández", "1966-10-11", "2 First Ave",
        "Miami", "FL", "33101"),
  });
  MatchResult r = idx.Match(
      Q("Pepe", "Garcia", "1970-02-03", "15 Calle Luna", "", "", "00901"),
      TestModel());
  EXPECT_EQ(r.decision, MatchDecision::kMatch);
  ASSERT_TRUE(r.best.has_value());
  EXPECT_EQ(r.best->record_id, "R1");
  // Per-field weights are there for the review console.
  ASSERT_EQ(r.best->weights.size(), 1u + kNumFields);
  EXPECT_EQ(r.best->weights[0].field, "prior");
  EXPECT_EQ(r.best->weights[1].field, "first_name");
  EXPECT_EQ(r.best->weights[1].level, "nickname");
  EXPECT_EQ(r.best->weights[3].level, "token_shared");
  MatchResult s = idx.Match(Q("Paco", "Hernandez", "1966-11-10", "2 1st Avenue",
                              "Miami", "FL", "33101-4444"),
                            TestModel());
  EXPECT_EQ(s.decision, MatchDecision::kMatch);
  ASSERT_TRUE(s.best.has_value());
  EXPECT_EQ(s.best->record_id, "R2");
  EXPECT_EQ(s.best->weights[4].level, "day_month_swap");
}

TEST_F(MatcherTest, NoCandidatesIsNoMatch) {
  MatchIndex idx = Index({R("R1", "123456789", "John", "Smith", "1980-01-02",
                            "1 Main St", "Austin", "TX", "78701")});
  MatchResult r = idx.Match(
      Q("Wilma", "Zylstra", "1999-09-09", "", "Boston", "MA", "02101"),
      TestModel());
  EXPECT_EQ(r.decision, MatchDecision::kNoMatch);
  EXPECT_EQ(r.reason_code, "NO_MATCH");
  EXPECT_FALSE(r.best.has_value());
}

TEST_F(MatcherTest, BlockingFindsNoisyCopiesWithoutTinOrDob) {
  std::vector<domain::Record> rows = {
      R("R1", "111223333", "Guadalupe", "Ramirez Ortiz", "1981-04-05",
        "120 N Oak Street", "Houston", "TX", "77002"),
      R("R2", "222334444", "William", "O'Connor", "1950-12-01",
        "44 Elm Avenue Apt 2", "Boston", "MA", "02108"),
      R("R3", "333445555", "Chen", "Wei", "1990-06-30", "8 Pine Rd", "Seattle",
        "WA", "98101"),
      R("R4", "444556666", "Ana", "de la Cruz", "1964-01-09", "500 Main St",
        "Phoenix", "AZ", "85001"),
  };
  MatchIndex idx = Index(rows);
  struct Case {
    domain::PersonQuery q;
    uint32_t want;
  };
  std::vector<Case> cases = {
      {Q("Lupe", "Ortiz Ramirez", "", "", "Houston", "TX", "77002"), 0},
      {Q("Guadalupe", "Ramires", "1981-05-04", "", "", "", ""), 0},
      {Q("Bill", "OConnor", "", "44 Elm Ave", "", "", "02108-1111"), 1},
      {Q("Wei", "Chen", "", "", "", "", ""), 2},  // names swapped
      {Q("Chen", "Wie", "1990-06-30", "", "", "", ""), 2},
      {Q("Ana", "Cruz", "", "", "Phoenix", "AZ", "85001"), 3},
      {Q("Anna", "Delacruz", "1964-01-09", "", "", "", ""), 3},
  };
  std::vector<uint32_t> cand;
  for (const auto& c : cases) {
    idx.Candidates(idx.Prepare(c.q), &cand);
    EXPECT_TRUE(std::find(cand.begin(), cand.end(), c.want) != cand.end())
        << c.q.first_name << " " << c.q.last_name;
  }
}

TEST_F(MatcherTest, USamplingDoesNotDependOnRowOrder) {
  std::vector<domain::Record> rows;
  const char* firsts[] = {"Ana", "Luis", "Mary", "John", "Wei"};
  const char* lasts[] = {"Garcia", "Smith", "Chen", "Novak", "Okafor", "Kim"};
  for (int i = 0; i < 30; ++i) {
    std::string id = Format("R%d", i);
    std::string dob = Format("%d-01-%02d", 1950 + i, 1 + i % 9);
    rows.push_back(R(id.c_str(), "", firsts[i % 5], lasts[i % 6], dob.c_str(),
                     "1 Main St", "Austin", "TX", "78701"));
  }
  std::vector<domain::Record> reversed(rows.rbegin(), rows.rend());
  auto estimate = [](const MatchIndex& idx) {
    return EstimateU(
               idx.persons(), idx.strings(),
               [&](size_t i) { return idx.record_id(i); }, idx.taxpayers(), 200,
               42)
        .u;
  };
  EXPECT_EQ(estimate(Index(rows)), estimate(Index(reversed)));
}

// Issue 15: the dates of birth's rare levels are counted over every pair of
// different taxpayers, not sampled: here 20 such pairs with a date on both
// sides (21, less the pair within R7 and R8's taxpayer), 1 exact, 2 day and
// month swapped, 2 one digit apart; whatever the sample's size.
TEST_F(MatcherTest, DobLevelsOfUAreCountedOverEveryPair) {
  MatchIndex idx = Index({
      R("R1", "", "Ana", "Garcia", "1980-03-04", "", "", "", ""),
      R("R2", "", "Luis", "Smith", "1980-03-04", "", "", "", ""),
      R("R3", "", "Mary", "Chen", "1980-04-03", "", "", "", ""),
      R("R4", "", "John", "Novak", "1980-03-05", "", "", "", ""),
      R("R5", "", "Wei", "Okafor", "1990-01-01", "", "", "", ""),
      R("R6", "", "Kim", "Lee", "", "", "", "", ""),
      R("R7", "123456789", "Omar", "Haddad", "1970-07-07", "", "", "", ""),
      R("R8", "123456789", "Omar", "Haddad", "1970-07-07", "", "", "", ""),
  });
  ASSERT_EQ(idx.taxpayer(6), idx.taxpayer(7));
  for (size_t pairs : {size_t{3}, size_t{1000}}) {
    UEstimate u = EstimateU(
        idx.persons(), idx.strings(),
        [&](size_t i) { return idx.record_id(i); }, idx.taxpayers(), pairs, 42);
    const auto& dob = u.u[static_cast<int>(Field::kDob)];
    EXPECT_DOUBLE_EQ(dob[kDobExact], 1.0 / 20);
    EXPECT_DOUBLE_EQ(dob[kDobDayMonthSwap], 2.0 / 20);
    EXPECT_DOUBLE_EQ(dob[kDobOneDigit], 2.0 / 20);
    EXPECT_NEAR(dob[kDobSameYear] + dob[kDobElse], 15.0 / 20, 1e-12);
  }
}

TEST_F(MatcherTest, TrainingGivesAUsableModel) {
  std::vector<domain::Record> rows;
  std::vector<domain::PersonQuery> queries;
  const char* firsts[] = {"Ana", "Luis", "Mary", "John", "Wei", "Olga"};
  const char* lasts[] = {"Garcia", "Smith",  "Chen",  "Novak",
                         "Okafor", "Larsen", "Silva", "Kim"};
  for (int i = 0; i < 48; ++i) {
    std::string id = Format("R%d", i);
    std::string tin = Format("%d", 100000000 + i * 7919);
    std::string dob = Format("%d-%02d-%02d", 1950 + i, 1 + i % 9, 10 + i % 10);
    std::string street = Format("%d Oak St", 10 + i);
    rows.push_back(R(id.c_str(), tin.c_str(), firsts[i % 6], lasts[i % 8],
                     dob.c_str(), street.c_str(), "Austin", "TX", "78701"));
    queries.push_back(Q(firsts[i % 6], lasts[i % 8], dob.c_str(),
                        street.c_str(), "Austin", "TX", "78701"));
  }
  MatchIndex idx = Index(rows);
  auto m = Train(idx, queries, DefaultModel());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_GT(m->lambda, 0);
  EXPECT_GT(m->Weight(static_cast<int>(Field::kDob), 0), 0);
  MatchResult r = idx.Match(queries[5], *m);
  ASSERT_FALSE(r.candidates.empty());
  EXPECT_EQ(r.candidates[0].record_id, "R5");
}

// Issue 10: the index, the trained model and every answer are the same on
// any number of threads (the pool only shares the work out).
TEST_F(MatcherTest, TheSameOnAnyNumberOfThreads) {
  std::vector<domain::Record> rows;
  std::vector<domain::PersonQuery> queries;
  const char* firsts[] = {"Ana",  "Luis", "Mary",  "John",  "Wei",
                          "Olga", "José", "María", "Chris", "Kim"};
  const char* lasts[] = {"Garcia", "Smith", "Chen", "Novak", "Okafor",
                         "Larsen", "Silva", "Kim",  "Peña",  "Lopez Ruiz"};
  for (int i = 0; i < 600; ++i) {
    std::string id = Format("R%d", i);
    std::string tin = i % 5 == 0 ? "" : Format("%d", 100000000 + i * 7919);
    std::string dob =
        Format("%d-%02d-%02d", 1940 + i % 60, 1 + i % 12, 1 + i % 28);
    std::string street = Format("%d %s St", 10 + i % 90, lasts[(i / 7) % 10]);
    const char* first = firsts[i % 10];
    const char* last = lasts[(i / 10) % 10];
    rows.push_back(R(id.c_str(), tin.c_str(), first, last, dob.c_str(),
                     street.c_str(), "Austin", "TX",
                     i % 3 ? "78701" : "78702"));
    if (i % 4 == 0) {
      queries.push_back(Q(first, last, i % 8 ? dob.c_str() : "", street.c_str(),
                          "Austin", "TX", "78701"));
    }
  }
  struct Run {
    std::vector<uint32_t> taxpayers;
    std::string model;
    std::vector<std::string> answers;
  };
  auto run = [&](int threads) {
    ThreadPool pool(threads);
    MatchIndexOptions options;
    options.pool = &pool;
    MatchIndex idx = MatchIndex::Build(rows, *tables_, options);
    TrainOptions train;
    train.pool = &pool;
    auto m = Train(idx, queries, DefaultModel(), train);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    Run out{{idx.taxpayers().begin(), idx.taxpayers().end()},
            m.ok() ? ModelToJson(*m) : "",
            {}};
    if (!m.ok()) return out;
    out.answers.resize(queries.size());
    pool.ForEach(queries.size(), [&](size_t i) {
      MatchResult r = idx.Match(queries[i], *m, true);
      std::string a = MatchDecisionName(r.decision);
      for (const auto& c : r.candidates) {
        a += Format(" %s:%.12f", c.record_id.c_str(), c.probability);
      }
      out.answers[i] = a;
    });
    return out;
  };
  Run one = run(1);
  for (int threads : {2, 4}) {
    Run many = run(threads);
    EXPECT_EQ(many.taxpayers, one.taxpayers) << threads;
    EXPECT_EQ(many.model, one.model) << threads;
    EXPECT_EQ(many.answers, one.answers) << threads;
  }
}

}  // namespace
}  // namespace taxgate::linkage
