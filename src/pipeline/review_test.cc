#include "pipeline/review.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/crypto.h"
#include "common/file_util.h"
#include "common/strings.h"
#include "pipeline/processor.h"
#include "pipeline/test_inputs.h"
#include "test_util.h"

namespace taxgate::pipeline {
namespace {

using Json = nlohmann::json;
using storage::DecisionRow;

// The small world of test_inputs.h processed once: its fourth request (two
// taxpayers alike) waits in matching review, holding the batch's eligible
// answers.
// On each backend (storage/test_stores.h): the PostgreSQL runs are skipped,
// naming TAXGATE_TEST_POSTGRES_URL, when no server is given.
class ReviewTest : public ::testing::TestWithParam<taxgate::testing::Backend> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    if (std::string why = taxgate::testing::SkipReason(GetParam());
        !why.empty()) {
      GTEST_SKIP() << why;
    }
    auto setup = testing::SetUpSmallWorld(dir_.path(), GetParam());
    ASSERT_TRUE(setup.ok()) << setup.status().ToString();
    world_ = setup->world;
    model_path_ = setup->model_path;
    rules_ = setup->rules;
    store_ = std::move(setup->store);

    ProcessOptions o;
    o.requests_path = world_.requests_path;
    o.officials_path = world_.officials_path;
    o.out_dir = dir_.File("out");
    o.as_of = testing::kAsOf;
    o.today = TodayUtc();
    o.operator_name = "tester";
    o.key = store_.key;
    auto s = ProcessBatch(*rules_, o, store_.db.get(), &*store_.ledger);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    batch_id_ = s->batch_id;
    ASSERT_EQ(Row(testing::kTwinPosition).decision, domain::Outcome::kReview);
    ASSERT_EQ(Row(testing::kTwinPosition).reasons, "AMBIGUOUS");
  }

  ReviewDecision Decision(const std::string& action,
                          const std::string& record_id = "") const {
    return ReviewDecision{.requests_path = world_.requests_path,
                          .request_id = "REQ-4",
                          .action = action,
                          .record_id = record_id,
                          .reason = action == "disclose"
                                        ? "identity_confirmed"
                                        : "identity_not_confirmed",
                          .note = "compared with the 2024 return"};
  }

  // A decision by alice; a disclosure, under the two-person rule, proposed
  // by carol first.
  Result<DecisionRow> Decide(const ReviewDecision& d,
                             const ruleset::Ruleset& rules) {
    if (d.action == "disclose" && rules.policy->two_person_disclosure) {
      auto proposed = DecideReview(store_.Context("carol"), rules, d);
      if (!proposed.ok()) return proposed;
      EXPECT_TRUE(IsProposal(*proposed));
    }
    return DecideReview(store_.Context("alice"), rules, d);
  }

  DecisionRow Row(int position) {
    auto rows = store_.db->ReadDecisions(batch_id_);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    if (!rows.ok() || static_cast<int>(rows->size()) <= position) return {};
    return (*rows)[position];
  }

  int64_t AuditSize() {
    auto n = store_.db->AuditSize();
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? *n : -1;
  }

  // The entries of one type for this batch, by position.
  std::map<int64_t, Json> EntriesOf(const std::string& type) {
    std::map<int64_t, Json> out;
    Status s = store_.db->ScanAuditLeaves([&](const storage::AuditLeaf& l) {
      Json e = Json::parse(l.entry);
      if (e.value("type", "") == type && e.value("batch", "") == batch_id_ &&
          e.contains("position")) {
        out[e["position"].get<int64_t>()] = e;
      }
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  // Refused decisions change nothing: the row still waits, the log is as
  // it was.
  void ExpectUnchanged(int64_t audit_size) {
    EXPECT_EQ(AuditSize(), audit_size);
    EXPECT_EQ(store_.ledger->size(), audit_size);
    EXPECT_EQ(Row(testing::kTwinPosition).decision, domain::Outcome::kReview);
    EXPECT_EQ(Row(testing::kTwinPosition).reasons, "AMBIGUOUS");
  }

  taxgate::testing::TempDir dir_;
  testing::SmallWorld world_;
  std::string model_path_;
  std::shared_ptr<const ruleset::Ruleset> rules_;
  testing::TestStore store_;
  std::string batch_id_;
};

TEST_P(ReviewTest, DisclosingACandidateDisclosesItAndReleasesTheBatch) {
  auto d = Decide(Decision("disclose", testing::kTwinB), *rules_);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->decision, domain::Outcome::kDisclosed);
  EXPECT_EQ(d->reasons, "AMBIGUOUS;REVIEW_CONFIRMED");
  EXPECT_EQ(d->record_id, testing::kTwinB);
  EXPECT_EQ(d->release_profile, "dc-circuit-2026");
  EXPECT_FALSE(d->taxpayer_digest.empty());
  EXPECT_EQ(d->leaf_index, -1) << "released with the rest of its batch";
  Json released = Json::parse(d->disclosure_json, nullptr, false);
  ASSERT_TRUE(released.is_object()) << d->disclosure_json;
  EXPECT_EQ(released["request_id"], "REQ-4");
  EXPECT_EQ(released["fields"]["address"]["value"]["street"],
            "315 W Jefferson St");
  EXPECT_EQ(released["fields"]["address"]["source"], "return");
  EXPECT_EQ(released["fields"]["address"]["tax_year"], 2024);

  const DecisionRow stored = Row(testing::kTwinPosition);
  EXPECT_EQ(stored.decision, d->decision);
  EXPECT_EQ(stored.reasons, d->reasons);
  EXPECT_EQ(stored.record_id, d->record_id);
  EXPECT_EQ(stored.disclosure_json, d->disclosure_json);
  EXPECT_EQ(stored.decision_leaf, d->decision_leaf);

  // The reviewer's entry names who and why; the note only as a digest.
  auto review = store_.db->ReadAuditLeaf(d->decision_leaf - 1);
  ASSERT_TRUE(review.ok()) << review.status().ToString();
  Json e = Json::parse(review->entry);
  EXPECT_EQ(e["type"], "review");
  EXPECT_EQ(e["actor"]["name"], "alice");
  EXPECT_EQ(e["action"], "disclose");
  EXPECT_EQ(e["reason"], "identity_confirmed");
  EXPECT_TRUE(e.contains("note_digest"));
  EXPECT_EQ(review->entry.find("2024 return"), std::string::npos);
  auto decision = store_.db->ReadAuditLeaf(d->decision_leaf);
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ(Json::parse(decision->entry)["decision"], "disclosed");

  // No matching review is open any more: the eligible answers go out
  // together, each disclosure with its entry.
  auto answers = AnswerBatchFile(store_.Context(), *rules_,
                                 world_.requests_path, TodayUtc());
  ASSERT_TRUE(answers.ok()) << answers.status().ToString();
  EXPECT_EQ(answers->open_reviews, 0);
  EXPECT_EQ(answers->held, 0);
  EXPECT_EQ(answers->answered, 3);
  for (int i = 0; i < testing::kSmallBatchSize; ++i) {
    EXPECT_GE(Row(i).leaf_index, 0) << i;
  }
  auto disclosures = EntriesOf("disclosure");
  std::set<int64_t> disclosed;
  for (const auto& [position, entry] : disclosures) disclosed.insert(position);
  EXPECT_EQ(disclosed, (std::set<int64_t>{testing::kLawfulPosition,
                                          testing::kTwinPosition}));
  EXPECT_EQ(disclosures[testing::kTwinPosition]["taxpayer_digest"],
            d->taxpayer_digest);
  EXPECT_EQ(EntriesOf("response")[testing::kTwinPosition]["answer"],
            "disclosed");

  auto outputs = WriteBatchOutputs(store_.db.get(), *store_.ledger, batch_id_,
                                   dir_.File("out"));
  ASSERT_TRUE(outputs.ok()) << outputs.status().ToString();
  auto jsonl = ReadFile(dir_.File("out") + "/disclosures.jsonl");
  ASSERT_TRUE(jsonl.ok());
  std::set<std::string> ids;
  for (const auto& line : Split(*jsonl, '\n')) {
    if (!line.empty()) ids.insert(Json::parse(line)["request_id"]);
  }
  EXPECT_EQ(ids, (std::set<std::string>{"REQ-1", "REQ-4"}));
}

TEST_P(ReviewTest, NoRecordAnswersNoRecord) {
  auto d = Decide(Decision("no_record"), *rules_);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->decision, domain::Outcome::kNoRecord);
  EXPECT_EQ(d->reasons, "AMBIGUOUS;REVIEW_NOT_CONFIRMED");
  EXPECT_EQ(d->disclosure_json, "");
  EXPECT_EQ(d->taxpayer_digest, "");
  EXPECT_EQ(Row(testing::kTwinPosition).decision, domain::Outcome::kNoRecord);

  auto answers = AnswerBatchFile(store_.Context(), *rules_,
                                 world_.requests_path, TodayUtc());
  ASSERT_TRUE(answers.ok()) << answers.status().ToString();
  EXPECT_EQ(answers->open_reviews, 0);
  Json response = EntriesOf("response")[testing::kTwinPosition];
  EXPECT_EQ(response["answer"], "no_record");
  EXPECT_TRUE(response["reasons"].empty()) << response.dump();
  EXPECT_EQ(EntriesOf("disclosure").count(testing::kTwinPosition), 0u);
}

TEST_P(ReviewTest, ASettledReviewIsNotDecidedAgain) {
  auto first = Decide(Decision("disclose", testing::kTwinA), *rules_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  const int64_t audit = AuditSize();
  const DecisionRow settled = Row(testing::kTwinPosition);

  for (const char* action : {"no_record", "disclose", "reject"}) {
    SCOPED_TRACE(action);
    auto again = Decide(Decision(action, testing::kTwinB), *rules_);
    ASSERT_FALSE(again.ok());
    // review.h: NotFound for a request no longer in review.
    EXPECT_EQ(again.status().code(), StatusCode::kNotFound)
        << again.status().ToString();
    EXPECT_NE(again.status().message().find("not waiting for review"),
              std::string::npos)
        << again.status().message();
  }
  EXPECT_EQ(AuditSize(), audit);
  const DecisionRow now = Row(testing::kTwinPosition);
  EXPECT_EQ(now.decision, settled.decision);
  EXPECT_EQ(now.reasons, settled.reasons);
  EXPECT_EQ(now.record_id, testing::kTwinA);
  EXPECT_EQ(now.decision_leaf, settled.decision_leaf);
}

TEST_P(ReviewTest, ARecordNotAmongTheCandidatesIsRefused) {
  const int64_t audit = AuditSize();
  // In the store, but not shown to the reviewer for this request.
  auto d = Decide(Decision("disclose", testing::kMariaLatestRecord), *rules_);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument)
      << d.status().ToString();
  EXPECT_NE(d.status().message().find(testing::kMariaLatestRecord),
            std::string::npos)
      << d.status().message();
  ExpectUnchanged(audit);
}

TEST_P(ReviewTest, AnotherRulesetIsRefused) {
  // One comment line more: the same policy version and rules, another
  // ruleset digest.
  auto copy = testing::WritePolicyCopy(dir_.File("policy"), [](std::string s) {
    return s + "# a comment added after the batch was decided\n";
  });
  ASSERT_TRUE(copy.ok()) << copy.status().ToString();
  auto other =
      ruleset::LoadRuleset({.policy_path = *copy, .model_path = model_path_});
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  ASSERT_NE((*other)->digest, rules_->digest);
  ASSERT_EQ((*other)->policy->version, rules_->policy->version);

  const int64_t audit = AuditSize();
  auto d = Decide(Decision("disclose", testing::kTwinA), **other);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kFailedPrecondition)
      << d.status().ToString();
  EXPECT_NE(d.status().message().find("ruleset " + rules_->ShortDigest()),
            std::string::npos)
      << d.status().message();
  EXPECT_NE(d.status().message().find((*other)->ShortDigest()),
            std::string::npos)
      << d.status().message();
  ExpectUnchanged(audit);

  // Under the ruleset it was decided with, the same decision goes through.
  auto same = Decide(Decision("disclose", testing::kTwinA), *rules_);
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_EQ(same->decision, domain::Outcome::kDisclosed);
}

TEST_P(ReviewTest, ADisclosureTakesTwoPeople) {
  ASSERT_TRUE(rules_->policy->two_person_disclosure) << "as shipped";
  const int64_t audit = AuditSize();
  auto proposed = DecideReview(store_.Context("carol"), *rules_,
                               Decision("disclose", testing::kTwinB));
  ASSERT_TRUE(proposed.ok()) << proposed.status().ToString();
  EXPECT_TRUE(IsProposal(*proposed));
  // One `review` entry (the proposal); the request still waits.
  EXPECT_EQ(AuditSize(), audit + 1);
  EXPECT_EQ(Row(testing::kTwinPosition).decision, domain::Outcome::kReview);
  auto entry = store_.db->ReadAuditLeaf(audit);
  ASSERT_TRUE(entry.ok());
  Json e = Json::parse(entry->entry);
  EXPECT_EQ(e["action"], kProposeDisclose);
  EXPECT_EQ(e["actor"]["name"], "carol");
  auto open = StoredProposal(store_.db.get(), store_.key, batch_id_,
                             testing::kTwinPosition);
  ASSERT_TRUE(open.ok() && open->has_value()) << open.status().ToString();
  EXPECT_EQ((*open)->by, "carol");
  EXPECT_EQ((*open)->record_id, testing::kTwinB);
  EXPECT_EQ((*open)->leaf, audit);

  // Carol cannot confirm her own proposal; nobody confirms another record.
  auto own = DecideReview(store_.Context("carol"), *rules_,
                          Decision("disclose", testing::kTwinB));
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.status().code(), StatusCode::kPermissionDenied)
      << own.status().ToString();
  auto other = DecideReview(store_.Context("alice"), *rules_,
                            Decision("disclose", testing::kTwinA));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), StatusCode::kInvalidArgument)
      << other.status().ToString();
  EXPECT_EQ(AuditSize(), audit + 1);

  // Alice confirms: disclosed, and the entry names both.
  auto confirmed = DecideReview(store_.Context("alice"), *rules_,
                                Decision("disclose", testing::kTwinB));
  ASSERT_TRUE(confirmed.ok()) << confirmed.status().ToString();
  EXPECT_EQ(confirmed->decision, domain::Outcome::kDisclosed);
  auto review = store_.db->ReadAuditLeaf(confirmed->decision_leaf - 1);
  ASSERT_TRUE(review.ok());
  Json r = Json::parse(review->entry);
  EXPECT_EQ(r["actor"]["name"], "alice");
  EXPECT_EQ(r["proposed_by"], "carol");
  EXPECT_EQ(r["record_digest"], e["record_digest"]);
  auto gone = StoredProposal(store_.db.get(), store_.key, batch_id_,
                             testing::kTwinPosition);
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value()) << "the proposal is settled";
}

TEST_P(ReviewTest, NoRecordWithdrawsAProposal) {
  auto proposed = DecideReview(store_.Context("carol"), *rules_,
                               Decision("disclose", testing::kTwinB));
  ASSERT_TRUE(proposed.ok()) << proposed.status().ToString();
  auto d =
      DecideReview(store_.Context("alice"), *rules_, Decision("no_record"));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->decision, domain::Outcome::kNoRecord);
  auto gone = StoredProposal(store_.db.get(), store_.key, batch_id_,
                             testing::kTwinPosition);
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
}

TEST_P(ReviewTest, TheDeadlineClosesAProposalAndDropsTheRequestKept) {
  auto proposed = DecideReview(store_.Context("carol"), *rules_,
                               Decision("disclose", testing::kTwinB));
  ASSERT_TRUE(proposed.ok()) << proposed.status().ToString();
  ASSERT_TRUE(StoredReviewRequest(store_.db.get(), store_.key, batch_id_,
                                  testing::kTwinPosition)
                  .ok());
  // Past the review deadline nobody confirmed it: no_record, and neither
  // the proposal nor the copy of the request (a person's name and address)
  // is kept any longer.
  const Date late = Date::FromDays(TodayUtc().ToDays() +
                                   rules_->policy->review_deadline_days + 1);
  auto answers =
      AnswerBatchFile(store_.Context(), *rules_, world_.requests_path, late);
  ASSERT_TRUE(answers.ok()) << answers.status().ToString();
  EXPECT_EQ(answers->expired, 1);
  EXPECT_EQ(Row(testing::kTwinPosition).decision, domain::Outcome::kNoRecord);
  auto gone = StoredProposal(store_.db.get(), store_.key, batch_id_,
                             testing::kTwinPosition);
  ASSERT_TRUE(gone.ok()) << gone.status().ToString();
  EXPECT_FALSE(gone->has_value());
  auto copy = StoredReviewRequest(store_.db.get(), store_.key, batch_id_,
                                  testing::kTwinPosition);
  EXPECT_EQ(copy.status().code(), StatusCode::kNotFound)
      << copy.status().ToString();
}

TEST_P(ReviewTest, WithoutTheBatchFileTheStoredRequestIsUsed) {
  // The console's way: the batch id and position, no file.
  ReviewDecision d = Decision("no_record");
  d.requests_path.clear();
  d.request_id.clear();
  d.batch_id = batch_id_;
  d.position = testing::kTwinPosition;
  auto stored = StoredReviewRequest(store_.db.get(), store_.key, batch_id_,
                                    testing::kTwinPosition);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->request_id, "REQ-4");
  auto out = DecideReview(store_.Context("alice"), *rules_, d);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->request_id, "REQ-4");
  EXPECT_EQ(out->decision, domain::Outcome::kNoRecord);
  // Settled: the copy is no longer kept.
  EXPECT_EQ(StoredReviewRequest(store_.db.get(), store_.key, batch_id_,
                                testing::kTwinPosition)
                .status()
                .code(),
            StatusCode::kNotFound);
}

TEST_P(ReviewTest, AStoredRequestAlteredWithoutTheKeyIsRefused) {
  // Someone who can write the store but not read its key rewrites the
  // request kept for review (another name), or moves a proposal.
  const auto [key, value] = SealedReviewRequest(
      store_.key, batch_id_, testing::kTwinPosition, domain::Request{});
  storage::WriteSet ws;
  std::string forged = value;
  forged.replace(forged.find('\n') + 1, std::string::npos,
                 "request_id,first_name\nREQ-4,Mallory\n");
  ws.meta.emplace_back(key, forged);
  ASSERT_TRUE(store_.db->Commit(ws).ok());
  auto read = StoredReviewRequest(store_.db.get(), store_.key, batch_id_,
                                  testing::kTwinPosition);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kDataLoss)
      << read.status().ToString();
  // A proposal sealed for another place does not count here.
  storage::WriteSet moved;
  const auto elsewhere = SealedProposal(
      store_.key, batch_id_, testing::kLawfulPosition,
      Proposal{"alice", testing::kTwinB, "identity_confirmed", "", 1});
  moved.meta.emplace_back(SealedProposal(store_.key, batch_id_,
                                         testing::kTwinPosition, std::nullopt)
                              .first,
                          elsewhere.second);
  ASSERT_TRUE(store_.db->Commit(moved).ok());
  auto p = StoredProposal(store_.db.get(), store_.key, batch_id_,
                          testing::kTwinPosition);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kDataLoss);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, ReviewTest, ::testing::ValuesIn(taxgate::testing::AllBackends()),
    [](const ::testing::TestParamInfo<taxgate::testing::Backend>& info) {
      return taxgate::testing::BackendName(info.param);
    });

}  // namespace
}  // namespace taxgate::pipeline
