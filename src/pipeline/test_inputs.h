// Test-only inputs of the pipeline's tests (processor_test.cc, review_test.cc,
// release_test.cc):
//  - a store opened as the command line opens one (cli/cli_context.cc,
//    OpenStore): a store of either backend (storage/test_stores.h: a SQLite
//    file, or a PostgreSQL database of its own), its HMAC key bound to it,
//    and a Ledger that signs a checkpoint with every commit;
//  - records.csv, officials.csv and requests.csv written from domain values
//    (FORMATS.md), the requests signed with test keys as `taxgate sign
//    --seed` signs them (domain/request_signature.h), the officials carrying
//    the matching public keys;
//  - a copy of the shipped policy file (with its statute table) to edit, and
//    the default linkage model as a model file;
//  - a small batch with one request for each outcome (WriteSmallWorld).
#ifndef TAXGATE_PIPELINE_TEST_INPUTS_H_
#define TAXGATE_PIPELINE_TEST_INPUTS_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/status.h"
#include "domain/official.h"
#include "domain/record.h"
#include "domain/request.h"
#include "pipeline/ledger.h"
#include "pipeline/operator_actions.h"
#include "ruleset/ruleset.h"
#include "storage/database.h"
#include "storage/test_stores.h"

namespace taxgate::pipeline::testing {

// The as-of date of the legal examples (policy/legal_examples_test.cc).
inline constexpr Date kAsOf{2026, 11, 22};

// The text test keys are derived from (domain::TestKeySeed).
inline constexpr char kTestKeySeed[] = "taxgate pipeline tests";

// A store as OpenStore makes one.
struct TestStore {
  // Where the store lives when the test made it fresh (OpenFreshTestStore):
  // removed last, after the store is closed.
  std::unique_ptr<taxgate::testing::ScratchStore> scratch;
  std::unique_ptr<storage::Database> db;
  std::string keys_dir;
  std::string key;  // the store's HMAC key
  std::optional<Ledger> ledger;

  // What an operator command passes down, named `operator_name`, now.
  OperatorContext Context(const std::string& operator_name = "tester");
};

// Opens (creating) the SQLite store at `path`, its keys in `path`.keys.
Result<TestStore> OpenTestStore(const std::string& path);
// Opens a new, empty store of `backend` for a test whose folder is `dir`:
// the SQLite file dir/name, or a PostgreSQL database of its own
// (taxgate::testing::ScratchStore); its keys in dir/name.keys either way.
// REQUIRES: taxgate::testing::SkipReason(backend) is "" (the test skips
// otherwise).
Result<TestStore> OpenFreshTestStore(taxgate::testing::Backend backend,
                                     const std::string& dir,
                                     const std::string& name);

// A Ledger on `db` that signs its checkpoints with the checkpoint key in
// `keys_dir`, as OpenStore makes one: what a new process resuming on the
// store starts from.
Result<Ledger> OpenSignedLedger(storage::Database* db,
                                const std::string& keys_dir);

// The base64 Ed25519 public key of `official_id`'s test key.
std::string TestPublicKey(const std::string& official_id);

Status WriteRecordsCsv(const std::string& path,
                       const std::vector<domain::Record>& records);
// Officials without a public key get their test key's.
Status WriteOfficialsCsv(const std::string& path,
                         std::vector<domain::Official> officials);
// Every request signed by the test key of its signed_by.
Status WriteSignedRequestsCsv(const std::string& path,
                              std::vector<domain::Request> requests);

// Copies config/policy.toml and config/statutes.csv of the source tree into
// `dir` with `edit` applied to the policy's text; returns the policy's path.
Result<std::string> WritePolicyCopy(
    const std::string& dir,
    const std::function<std::string(std::string)>& edit);

// A model file in `dir` (returns its path): the parameters of
// linkage::DefaultModel() under a version of its own, kTestModelVersion, so
// its digest is not the default model's. With it, matching does not depend
// on training (RulesetOptions::model_path).
inline constexpr char kTestModelVersion[] = "taxgate-pipeline-tests";
Result<std::string> WriteTestModel(const std::string& dir);

// A small world: two officials of ICE (a head of agency who signs, an
// investigator engaged in the matters), a record store of fillers and the
// people below, and a batch of four lawful-looking, signed requests, one per
// outcome, at these positions:
inline constexpr int kLawfulPosition = 0;  // Maria Gonzalez: disclosed
inline constexpr int kUnrealPosition = 1;  // "Unknown Address": rejected
inline constexpr int kAbsentPosition = 2;  // not in the store: no_record
inline constexpr int kTwinPosition = 3;    // two close taxpayers: review
inline constexpr int kSmallBatchSize = 4;
// Maria Gonzalez's rows (one taxpayer, TIN 123456789): 2023 and 2024 on her
// returns at 1420 N Main St, 2025 on a W-2 at 77 Oak Ave Apt 2 (the row
// released for periods 2024;2025).
inline constexpr char kMariaLatestRecord[] = "R-MARIA-2025";
// Two taxpayers of the same name, date of birth and address (other TINs);
// the request gives no TIN, so neither leads the other.
inline constexpr char kTwinA[] = "R-HOFF-A";
inline constexpr char kTwinB[] = "R-HOFF-B";

struct SmallWorld {
  std::string records_path;
  std::string officials_path;
  std::string requests_path;
  std::vector<domain::Record> records;
};
Result<SmallWorld> WriteSmallWorld(const std::string& dir);

// Where the small-world tests start: the world written in `dir`, its model
// file (WriteTestModel) and the shipped rules with it loaded, and a fresh
// store of `backend` (OpenFreshTestStore, named store.db) holding the
// world's records.
struct SmallSetup {
  SmallWorld world;
  std::string model_path;
  std::shared_ptr<const ruleset::Ruleset> rules;
  TestStore store;
};
Result<SmallSetup> SetUpSmallWorld(
    const std::string& dir,
    taxgate::testing::Backend backend = taxgate::testing::Backend::kSqlite);

}  // namespace taxgate::pipeline::testing

#endif  // TAXGATE_PIPELINE_TEST_INPUTS_H_
