#include "pipeline/processor.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/crypto.h"
#include "common/file_util.h"
#include "common/strings.h"
#include "linkage/model.h"
#include "pipeline/keys.h"
#include "pipeline/operator_actions.h"
#include "pipeline/test_inputs.h"
#include "pipeline/verify.h"
#include "synth/synthesizer.h"
#include "test_util.h"

namespace taxgate::pipeline {
namespace {

using Json = nlohmann::json;
using storage::DecisionRow;

std::string Number(std::optional<double> v) {
  if (!v) return "-";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", *v);
  return buf;
}

// Every column of a decision row but the keyed digests (name_key, dob_key,
// taxpayer_digest): those are HMACs under the store's own key, which every
// store draws at random.
std::string Unkeyed(const DecisionRow& d) {
  return Join({d.batch_id,
               std::to_string(d.position),
               d.agency,
               d.request_id,
               d.official_id,
               d.case_number,
               d.decided_on,
               domain::OutcomeName(d.decision),
               d.reasons,
               d.record_id,
               Number(d.match_probability),
               Number(d.match_weight),
               d.match_decision,
               d.disclosure_json,
               std::to_string(d.leaf_index),
               std::to_string(d.decision_leaf),
               d.release_profile,
               d.reason_norm,
               d.policy_version,
               d.ruleset_digest,
               d.model_digest,
               d.evidence_json},
              "|");
}

std::string Full(const DecisionRow& d) {
  return Unkeyed(d) + "|" + d.name_key + "|" + d.dob_key + "|" +
         d.taxpayer_digest;
}

// The audit log's entries, parsed, in index order.
std::vector<Json> Entries(storage::Database* db) {
  std::vector<Json> out;
  Status s = db->ScanAuditLeaves([&](const storage::AuditLeaf& leaf) {
    out.push_back(Json::parse(leaf.entry));
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

// The entries of one type for one batch, by position.
std::map<int64_t, Json> EntriesOf(const std::vector<Json>& entries,
                                  const std::string& type,
                                  const std::string& batch_id) {
  std::map<int64_t, Json> out;
  for (const auto& e : entries) {
    if (e.value("type", "") == type && e.value("batch", "") == batch_id &&
        e.contains("position")) {
      EXPECT_EQ(out.count(e["position"].get<int64_t>()), 0u)
          << "two " << type << " entries for position " << e["position"];
      out[e["position"].get<int64_t>()] = e;
    }
  }
  return out;
}

// The real store with one injected fault: from the `fail_from`-th call on
// (1-based), Commit fails with Unavailable and writes nothing, as a process
// killed between two chunks leaves the store. Every other call goes to the
// SQLite store unchanged (leveldb's fault_injection_test is the model).
class FailingCommitDatabase : public storage::Database {
 public:
  FailingCommitDatabase(storage::Database* real, int fail_from)
      : real_(real), fail_from_(fail_from) {}

  Status Commit(const storage::WriteSet& ws) override {
    if (++commits_ >= fail_from_) {
      return Status::Unavailable("injected: the process died here");
    }
    return real_->Commit(ws);
  }
  Result<std::vector<domain::Record>> ReadRecords() override {
    return real_->ReadRecords();
  }
  Result<std::vector<domain::Record>> ReadRecordsById(
      const std::vector<std::string>& ids) override {
    return real_->ReadRecordsById(ids);
  }
  Result<int64_t> CountRecords() override { return real_->CountRecords(); }
  Status CopyTo(const std::string& path) override {
    return real_->CopyTo(path);
  }
  Result<std::vector<domain::Official>> ReadOfficials() override {
    return real_->ReadOfficials();
  }
  Result<std::optional<storage::BatchRow>> FindBatch(
      const std::string& batch_id) override {
    return real_->FindBatch(batch_id);
  }
  Result<std::vector<DecisionRow>> ReadDecisions(
      const std::string& batch_id) override {
    return real_->ReadDecisions(batch_id);
  }
  Result<std::vector<DecisionRow>> ReadPendingReviews() override {
    return real_->ReadPendingReviews();
  }
  Result<std::vector<DecisionRow>> ReadHistory(
      const std::string& since, const std::string& exclude_batch_id) override {
    return real_->ReadHistory(since, exclude_batch_id);
  }
  Result<std::string> LatestDecisionDate() override {
    return real_->LatestDecisionDate();
  }
  Result<std::vector<storage::Flag>> ReadFlags(
      const std::string& kind) override {
    return real_->ReadFlags(kind);
  }
  Result<int64_t> AuditSize() override { return real_->AuditSize(); }
  Result<std::vector<storage::CheckpointRow>> ReadCheckpoints() override {
    return real_->ReadCheckpoints();
  }
  Result<std::vector<storage::CheckpointRow>> ReadLatestCheckpoints(
      size_t n) override {
    return real_->ReadLatestCheckpoints(n);
  }
  Result<std::string> ReadMeta(const std::string& key) override {
    return real_->ReadMeta(key);
  }
  Result<std::string> LogId() override { return real_->LogId(); }
  Result<storage::AuditLeaf> ReadAuditLeaf(int64_t index) override {
    return real_->ReadAuditLeaf(index);
  }
  Status ScanAuditLeaves(
      const std::function<Status(const storage::AuditLeaf&)>& fn) override {
    return real_->ScanAuditLeaves(fn);
  }

 private:
  storage::Database* real_;
  int fail_from_;
  int commits_ = 0;
};

// ---------------------------------------------------------------------------
// The small world of test_inputs.h: four requests, one per outcome, matched
// with the default model's parameters given as a model file (WriteTestModel).

// On each backend (storage/test_stores.h): the PostgreSQL runs are skipped,
// naming TAXGATE_TEST_POSTGRES_URL, when no server is given.
class SmallBatchTest
    : public ::testing::TestWithParam<taxgate::testing::Backend> {
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
    rules_ = setup->rules;
    store_ = std::move(setup->store);
    auto imported = ImportOfficials(store_.Context(), world_.officials_path);
    ASSERT_TRUE(imported.ok()) << imported.status().ToString();
    ASSERT_EQ(imported->loaded, 2);
  }

  ProcessOptions Options(const std::string& out) const {
    ProcessOptions o;
    o.requests_path = world_.requests_path;
    o.out_dir = dir_.File(out);
    o.as_of = testing::kAsOf;
    o.today = TodayUtc();
    o.operator_name = "tester";
    o.key = store_.key;
    return o;
  }

  Result<ProcessSummary> Process(const ProcessOptions& o) {
    return ProcessBatch(*rules_, o, store_.db.get(), &*store_.ledger);
  }

  std::vector<DecisionRow> Decisions(const std::string& batch_id) {
    auto rows = store_.db->ReadDecisions(batch_id);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? *rows : std::vector<DecisionRow>{};
  }

  int64_t StoredAuditSize() {
    auto n = store_.db->AuditSize();
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? *n : -1;
  }

  taxgate::testing::TempDir dir_;
  testing::SmallWorld world_;
  std::shared_ptr<const ruleset::Ruleset> rules_;
  testing::TestStore store_;
};

TEST_P(SmallBatchTest, DecidesEachOutcomeUnderTheRulesetAndAuditsIt) {
  const int64_t audit_before = store_.ledger->size();
  auto s = Process(Options("out"));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(s->messages.empty()) << Join(s->messages, "\n");
  EXPECT_EQ(s->requests, testing::kSmallBatchSize);
  EXPECT_EQ(s->rows_rejected, 0);
  EXPECT_EQ(s->already_decided, 0);
  EXPECT_EQ(s->decided_now, testing::kSmallBatchSize);
  EXPECT_EQ(s->as_of, testing::kAsOf);
  EXPECT_EQ(s->ruleset_digest, rules_->digest);
  ASSERT_TRUE(rules_->model.has_value());
  EXPECT_EQ(s->model_digest, linkage::ModelDigest(*rules_->model));
  EXPECT_NE(s->model_digest, linkage::ModelDigest(linkage::DefaultModel()));
  EXPECT_EQ(s->model_version, testing::kTestModelVersion);
  EXPECT_EQ(
      s->by_decision,
      (std::map<std::string, int64_t>{
          {"disclosed", 1}, {"rejected", 1}, {"no_record", 1}, {"review", 1}}));
  // The matching review holds the three eligible answers (answers.h); the
  // rejection is answered at once.
  EXPECT_EQ(s->answers.open_reviews, 1);
  EXPECT_EQ(s->by_answer,
            (std::map<std::string, int64_t>{{"pending", 3}, {"rejected", 1}}));

  std::vector<DecisionRow> rows = Decisions(s->batch_id);
  ASSERT_EQ(rows.size(), static_cast<size_t>(testing::kSmallBatchSize));
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].position, static_cast<int64_t>(i));
    EXPECT_EQ(rows[i].ruleset_digest, rules_->digest) << i;
    EXPECT_EQ(rows[i].policy_version, rules_->policy->version) << i;
    EXPECT_EQ(rows[i].decided_on, "2026-11-22") << i;
    EXPECT_EQ(rows[i].agency, "ICE") << i;
  }

  // Lawful, and the person is in the store: her latest row of the periods
  // asked (2025, a W-2) goes out, name and address, each with its source
  // and tax year.
  const DecisionRow& lawful = rows[testing::kLawfulPosition];
  EXPECT_EQ(lawful.request_id, "REQ-1");
  EXPECT_EQ(lawful.decision, domain::Outcome::kDisclosed);
  EXPECT_EQ(lawful.reasons, "");
  EXPECT_EQ(lawful.match_decision, "match");
  EXPECT_TRUE(StartsWith(lawful.record_id, "R-MARIA-")) << lawful.record_id;
  ASSERT_TRUE(lawful.match_probability.has_value());
  EXPECT_GE(*lawful.match_probability, rules_->model->match_threshold);
  EXPECT_EQ(lawful.model_digest, s->model_digest);
  EXPECT_EQ(lawful.release_profile, "dc-circuit-2026");
  EXPECT_FALSE(lawful.taxpayer_digest.empty());
  EXPECT_EQ(lawful.leaf_index, -1) << "answered while a review is open";
  Json released = Json::parse(lawful.disclosure_json, nullptr, false);
  ASSERT_TRUE(released.is_object()) << lawful.disclosure_json;
  EXPECT_EQ(released["request_id"], "REQ-1");
  EXPECT_EQ(released["case_number"], "CR-2026-0101");
  std::set<std::string> names;
  for (const auto& [name, f] : released["fields"].items()) names.insert(name);
  EXPECT_EQ(names, (std::set<std::string>{"address", "name"}));
  const Json& address = released["fields"]["address"];
  EXPECT_EQ(address["value"]["street"], "77 Oak Ave");
  EXPECT_EQ(address["value"]["unit"], "Apt 2");
  EXPECT_EQ(address["value"]["city"], "Springfield");
  EXPECT_EQ(address["value"]["zip"], "62704");
  EXPECT_EQ(address["source"], "info_return");
  EXPECT_EQ(address["tax_year"], 2025);
  const Json& name = released["fields"]["name"];
  EXPECT_EQ(name["value"]["first_name"], "Maria");
  EXPECT_EQ(name["value"]["last_name"], "Gonzalez");
  EXPECT_EQ(name["source"], "info_return");
  EXPECT_EQ(name["tax_year"], 2025);

  // "Unknown Address" is no address (Kollar-Kotelly, Feb 2026): refused
  // before any record is looked at.
  const DecisionRow& unreal = rows[testing::kUnrealPosition];
  EXPECT_EQ(unreal.decision, domain::Outcome::kRejected);
  EXPECT_EQ(unreal.reasons, "ADDRESS_NOT_REAL");
  EXPECT_EQ(unreal.model_digest, "");
  EXPECT_EQ(unreal.match_decision, "");
  EXPECT_EQ(unreal.record_id, "");
  EXPECT_FALSE(unreal.match_probability.has_value());
  EXPECT_EQ(unreal.disclosure_json, "");
  EXPECT_GE(unreal.leaf_index, 0) << "a rejection is answered at once";

  const DecisionRow& absent = rows[testing::kAbsentPosition];
  EXPECT_EQ(absent.decision, domain::Outcome::kNoRecord);
  EXPECT_EQ(absent.reasons, "NO_MATCH");
  EXPECT_EQ(absent.match_decision, "no_match");
  EXPECT_EQ(absent.record_id, "");
  EXPECT_EQ(absent.model_digest, s->model_digest);
  EXPECT_EQ(absent.disclosure_json, "");

  // Two taxpayers alike: a reviewer gets both, with per-field weights.
  const DecisionRow& twin = rows[testing::kTwinPosition];
  EXPECT_EQ(twin.decision, domain::Outcome::kReview);
  EXPECT_EQ(twin.reasons, "AMBIGUOUS");
  EXPECT_EQ(twin.match_decision, "possible");
  EXPECT_EQ(twin.model_digest, s->model_digest);
  EXPECT_EQ(twin.disclosure_json, "");
  Json evidence = Json::parse(twin.evidence_json, nullptr, false);
  ASSERT_TRUE(evidence.is_object()) << twin.evidence_json;
  EXPECT_EQ(evidence["reason"], "AMBIGUOUS");
  std::set<std::string> candidates;
  for (const auto& c : evidence["candidates"]) {
    candidates.insert(c["record_id"].get<std::string>());
    EXPECT_FALSE(c["weights"].empty()) << c.dump();
  }
  EXPECT_TRUE(candidates.count(testing::kTwinA)) << twin.evidence_json;
  EXPECT_TRUE(candidates.count(testing::kTwinB)) << twin.evidence_json;

  // The log grew by this batch, and says under which rules and model.
  EXPECT_GT(store_.ledger->size(), audit_before);
  EXPECT_EQ(s->audit_size, store_.ledger->size());
  EXPECT_EQ(StoredAuditSize(), s->audit_size);
  std::vector<Json> entries = Entries(store_.db.get());
  auto policy = EntriesOf(entries, "policy_decision", s->batch_id);
  ASSERT_EQ(policy.size(), static_cast<size_t>(testing::kSmallBatchSize));
  for (const auto& [position, e] : policy) {
    EXPECT_EQ(e["ruleset"], rules_->digest) << e.dump();
    EXPECT_EQ(e["as_of"], "2026-11-22") << e.dump();
    EXPECT_EQ(e["outcome"],
              position == testing::kUnrealPosition ? "rejected" : "eligible")
        << e.dump();
  }
  auto matches = EntriesOf(entries, "match", s->batch_id);
  std::set<int64_t> matched;
  for (const auto& [position, e] : matches) {
    matched.insert(position);
    EXPECT_EQ(e["ruleset"], rules_->digest) << e.dump();
    EXPECT_EQ(e["model_digest"], s->model_digest) << e.dump();
    EXPECT_EQ(e["model_version"], testing::kTestModelVersion) << e.dump();
  }
  EXPECT_EQ(matched, (std::set<int64_t>{testing::kLawfulPosition,
                                        testing::kAbsentPosition,
                                        testing::kTwinPosition}));
  for (const DecisionRow& d : rows) {
    auto leaf = store_.db->ReadAuditLeaf(d.decision_leaf);
    ASSERT_TRUE(leaf.ok()) << leaf.status().ToString();
    Json e = Json::parse(leaf->entry);
    EXPECT_EQ(e["type"], "decision");
    EXPECT_EQ(e["position"], d.position);
    EXPECT_EQ(e["decision"], domain::OutcomeName(d.decision));
  }

  // The output files, rebuilt from the store.
  for (const char* f : {"decisions.csv", "matches.csv", "response.csv",
                        "disclosures.jsonl", "checkpoint.txt"}) {
    EXPECT_TRUE(FileExists(dir_.File("out") + "/" + f)) << f;
  }
  EXPECT_EQ(s->outputs.size(), 5u);
  auto decisions_csv = ReadFile(dir_.File("out") + "/decisions.csv");
  ASSERT_TRUE(decisions_csv.ok());
  EXPECT_EQ(Split(*decisions_csv, '\n').size(), 6u)  // header, 4, ""
      << *decisions_csv;
  auto jsonl = ReadFile(dir_.File("out") + "/disclosures.jsonl");
  ASSERT_TRUE(jsonl.ok());
  EXPECT_EQ(*jsonl, "") << "nothing is released while a review is open";
}

TEST_P(SmallBatchTest, SecondRunDecidesNothingAndLogsNothing) {
  auto first = Process(Options("out1"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  const std::vector<DecisionRow> before = Decisions(first->batch_id);
  const int64_t audit = StoredAuditSize();

  // A re-run keeps the first run's as-of date, whatever it is given.
  ProcessOptions again = Options("out2");
  again.as_of = Date::FromDays(testing::kAsOf.ToDays() + 1);
  auto second = Process(again);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->batch_id, first->batch_id);
  EXPECT_EQ(second->decided_now, 0);
  EXPECT_EQ(second->already_decided, testing::kSmallBatchSize);
  EXPECT_EQ(second->as_of, testing::kAsOf);
  EXPECT_NE(Join(second->messages, "\n").find("first run as of 2026-11-22"),
            std::string::npos)
      << Join(second->messages, "\n");
  EXPECT_EQ(second->audit_size, audit);
  EXPECT_EQ(StoredAuditSize(), audit);
  EXPECT_EQ(second->by_decision, first->by_decision);
  EXPECT_EQ(second->by_answer, first->by_answer);

  const std::vector<DecisionRow> after = Decisions(first->batch_id);
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(Full(after[i]), Full(before[i])) << "position " << i;
  }
  for (const char* f :
       {"decisions.csv", "matches.csv", "response.csv", "disclosures.jsonl"}) {
    auto a = ReadFile(dir_.File("out1") + "/" + f);
    auto b = ReadFile(dir_.File("out2") + "/" + f);
    ASSERT_TRUE(a.ok() && b.ok()) << f;
    EXPECT_EQ(*a, *b) << f;
  }
}

// A batch is decided under one ruleset: a re-run under other files is
// refused before anything is written.
TEST_P(SmallBatchTest, ARerunUnderAnotherRulesetIsRefused) {
  auto first = Process(Options("out1"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto copy = testing::WritePolicyCopy(dir_.File("policy"), [](std::string s) {
    return s + "# a comment added after the batch was decided\n";
  });
  ASSERT_TRUE(copy.ok()) << copy.status().ToString();
  auto other = ruleset::LoadRuleset({.policy_path = *copy});
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  const int64_t size = store_.ledger->size();
  auto second =
      ProcessBatch(**other, Options("out2"), store_.db.get(), &*store_.ledger);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find(rules_->ShortDigest()),
            std::string::npos)
      << second.status().message();
  EXPECT_EQ(store_.ledger->size(), size);
}

// A re-run with nothing left to match names the model the batch was
// decided with (from its stored rows), not the default model it never used.
TEST_P(SmallBatchTest, SecondRunReportsTheModelTheBatchWasDecidedWith) {
  auto first = Process(Options("out1"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->model_digest, linkage::ModelDigest(*rules_->model));
  auto second = Process(Options("out2"));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ASSERT_EQ(second->decided_now, 0);
  // processor.h: "The model is the ruleset's when it has one".
  EXPECT_EQ(second->model_version, testing::kTestModelVersion);
  EXPECT_EQ(second->model_digest, first->model_digest);
  auto rows = store_.db->ReadDecisions(first->batch_id);
  ASSERT_TRUE(rows.ok());
  for (const auto& d : *rows) {
    EXPECT_EQ(d.model_version,
              d.model_digest.empty() ? "" : testing::kTestModelVersion);
  }
}

// ---------------------------------------------------------------------------
// A synthetic batch (synth/): a few hundred requests of every kind, matched
// with a model trained by EM on the store and the batch, as `taxgate
// process` does without --model.

class SynthBatchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(InitCrypto());
    inputs_ = new taxgate::testing::TempDir;
    synth::SynthOptions options;
    options.people = 1200;
    options.requests = 240;
    options.seed = 11;
    auto written = synth::WriteSynth(options, inputs_->path());
    ASSERT_TRUE(written.ok()) << written.status().ToString();
  }
  static void TearDownTestSuite() {
    delete inputs_;
    inputs_ = nullptr;
  }

  void SetUp() override {
    auto rules = ruleset::DefaultRuleset();
    ASSERT_TRUE(rules.ok()) << rules.status().ToString();
    rules_ = *rules;
    ASSERT_FALSE(rules_->model.has_value()) << "the shipped rules train";
  }

  // A fresh store holding the synthetic records and officials.
  testing::TestStore FreshStore(const std::string& name) {
    auto store = testing::OpenTestStore(dir_.File(name));
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return {};
    auto loaded =
        LoadRecordStore(store->Context(), inputs_->File("records.csv"));
    EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
    auto imported =
        ImportOfficials(store->Context(), inputs_->File("officials.csv"));
    EXPECT_TRUE(imported.ok()) << imported.status().ToString();
    return std::move(store).value();
  }

  ProcessOptions Options(const testing::TestStore& store,
                         const std::string& out) const {
    ProcessOptions o;
    o.requests_path = inputs_->File("requests.csv");
    o.out_dir = dir_.File(out);
    o.as_of = testing::kAsOf;
    o.today = TodayUtc();
    o.operator_name = "tester";
    o.key = store.key;
    return o;
  }

  static std::vector<DecisionRow> Decisions(const testing::TestStore& store,
                                            const std::string& batch_id) {
    auto rows = store.db->ReadDecisions(batch_id);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? *rows : std::vector<DecisionRow>{};
  }

  static taxgate::testing::TempDir* inputs_;
  taxgate::testing::TempDir dir_;
  std::shared_ptr<const ruleset::Ruleset> rules_;
};

taxgate::testing::TempDir* SynthBatchTest::inputs_ = nullptr;

TEST_F(SynthBatchTest, OneAndThreeThreadsDecideAlike) {
  std::vector<std::vector<DecisionRow>> rows;
  std::vector<std::string> models;
  for (int threads : {1, 3}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    testing::TestStore store =
        FreshStore("store" + std::to_string(threads) + ".db");
    ASSERT_TRUE(store.db != nullptr);
    ThreadPool pool(threads);
    ASSERT_EQ(pool.size(), threads);
    ProcessOptions o = Options(store, "out" + std::to_string(threads));
    o.pool = &pool;
    auto s = ProcessBatch(*rules_, o, store.db.get(), &*store.ledger);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    models.push_back(s->model_digest);
    rows.push_back(Decisions(store, s->batch_id));
    ASSERT_EQ(rows.back().size(), static_cast<size_t>(s->requests));
  }
  // The batch has every kind of decision, so the comparison means something.
  std::map<std::string, int> kinds;
  for (const auto& d : rows[0]) ++kinds[domain::OutcomeName(d.decision)];
  EXPECT_GT(kinds["disclosed"], 0);
  EXPECT_GT(kinds["no_record"], 0);
  EXPECT_GT(kinds["rejected"], 0);
  EXPECT_GT(kinds["review"], 0);

  EXPECT_EQ(models[0], models[1]);
  ASSERT_EQ(rows[0].size(), rows[1].size());
  for (size_t i = 0; i < rows[0].size(); ++i) {
    const DecisionRow& a = rows[0][i];
    const DecisionRow& b = rows[1][i];
    EXPECT_EQ(a.decision, b.decision) << i;
    EXPECT_EQ(a.reasons, b.reasons) << i;
    EXPECT_EQ(a.record_id, b.record_id) << i;
    EXPECT_EQ(Number(a.match_probability), Number(b.match_probability)) << i;
    EXPECT_EQ(a.model_digest, b.model_digest) << i;
    EXPECT_EQ(Unkeyed(a), Unkeyed(b)) << i;
    // The entries are made on the pool and numbered in request order: the
    // same places in the log on any number of threads.
    EXPECT_EQ(a.decision_leaf, b.decision_leaf) << i;
    EXPECT_EQ(a.leaf_index, b.leaf_index) << i;
  }
}

TEST_F(SynthBatchTest, InterruptedRunResumesToTheDecisionsOfOneRun) {
  constexpr int kChunk = 25;
  testing::TestStore whole = FreshStore("whole.db");
  ASSERT_TRUE(whole.db != nullptr);
  ProcessOptions o = Options(whole, "out-whole");
  o.chunk_size = kChunk;
  auto one = ProcessBatch(*rules_, o, whole.db.get(), &*whole.ledger);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  ASSERT_GT(one->requests, 3 * kChunk);

  // The same batch in another store, killed when its third chunk commits.
  testing::TestStore cut = FreshStore("cut.db");
  ASSERT_TRUE(cut.db != nullptr);
  ProcessOptions oc = Options(cut, "out-cut");
  oc.chunk_size = kChunk;
  {
    FailingCommitDatabase dying(cut.db.get(), /*fail_from=*/3);
    auto ledger = testing::OpenSignedLedger(&dying, cut.keys_dir);
    ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
    auto crashed = ProcessBatch(*rules_, oc, &dying, &*ledger);
    ASSERT_FALSE(crashed.ok());
    EXPECT_EQ(crashed.status().code(), StatusCode::kUnavailable)
        << crashed.status().ToString();
  }
  EXPECT_EQ(Decisions(cut, one->batch_id).size(), 2u * kChunk);

  // A new process on the store as the crash left it.
  auto ledger = testing::OpenSignedLedger(cut.db.get(), cut.keys_dir);
  ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
  auto resumed = ProcessBatch(*rules_, oc, cut.db.get(), &*ledger);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_EQ(resumed->batch_id, one->batch_id);
  EXPECT_EQ(resumed->already_decided, 2 * kChunk);
  EXPECT_EQ(resumed->decided_now, one->requests - 2 * kChunk);
  EXPECT_EQ(resumed->model_digest, one->model_digest);
  EXPECT_EQ(resumed->audit_size, one->audit_size);
  EXPECT_EQ(resumed->by_decision, one->by_decision);
  EXPECT_EQ(resumed->by_answer, one->by_answer);

  std::vector<DecisionRow> a = Decisions(whole, one->batch_id);
  std::vector<DecisionRow> b = Decisions(cut, one->batch_id);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(Unkeyed(a[i]), Unkeyed(b[i])) << "position " << i;
  }
  auto verifiers = LoadCheckpointVerifiers(cut.keys_dir);
  ASSERT_TRUE(verifiers.ok()) << verifiers.status().ToString();
  auto report = VerifyAuditLog(cut.db.get(), *verifiers);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->leaves, one->audit_size);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, SmallBatchTest,
    ::testing::ValuesIn(taxgate::testing::AllBackends()),
    [](const ::testing::TestParamInfo<taxgate::testing::Backend>& info) {
      return taxgate::testing::BackendName(info.param);
    });

}  // namespace
}  // namespace taxgate::pipeline
