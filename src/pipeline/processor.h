// The whole pipeline for one batch (DESIGN.md, "The flow of one request"):
// intake -> policy -> match -> disclose -> audit, then the output files.
//
// Resumable and idempotent: a batch is identified by the SHA-256 of its
// file. Each chunk of requests is committed in one transaction with its
// audit leaves, so after a crash or kill -9 running the same command again
// decides only what was not yet decided, and the outputs (rebuilt from the
// store) are the same as after an uninterrupted run. Nothing is decided,
// logged or disclosed twice.
//
// Forward in time only (LAW.md, "Dates"): a new batch is refused an as-of
// date in the future or earlier than the latest as-of date the store has
// decided with (a fresh store takes any past date); a re-run keeps the as-of
// date of the batch's first run. Every revocation the registry holds
// applies. Answers are released as answers.h says: rejections and law
// reviews at once, the eligible requests of the batch together once all of
// them are settled.
#ifndef TAXGATE_PIPELINE_PROCESSOR_H_
#define TAXGATE_PIPELINE_PROCESSOR_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/date.h"
#include "common/progress.h"
#include "common/status.h"
#include "common/thread_pool.h"
#include "disclosure/field_selector.h"
#include "domain/official.h"
#include "domain/request.h"
#include "intake/readers.h"
#include "linkage/matcher.h"
#include "linkage/model.h"
#include "pipeline/answers.h"
#include "pipeline/ledger.h"
#include "pipeline/registry.h"
#include "policy/evaluator.h"
#include "policy/policy.h"
#include "record_store/record_store.h"
#include "ruleset/ruleset.h"
#include "storage/database.h"

namespace taxgate::pipeline {

// Matching prepared once for many batches (taxgate serve): the store's
// index and the model, shared read-only by the batches that use them.
struct PreparedMatching {
  std::shared_ptr<const linkage::MatchIndex> index;
  record_store::IndexReport index_report;  // mapped, or why it was built
  linkage::Model model = linkage::DefaultModel();
  std::string model_digest;  // linkage::ModelDigest(model)
};

// The index of the store and a model: the ruleset's, or one trained by EM on
// the store alone (u from the store's random pairs, m from the default
// model's start: with no requests to learn from, a model file is better).
// Errors: those of the store; InvalidArgument when the store is empty.
Result<PreparedMatching> PrepareStoreMatching(const ruleset::Ruleset& rules,
                                              storage::Database* db,
                                              const std::string& key,
                                              const std::string& index_path,
                                              ThreadPool* pool);

// See ProcessOptions::history_cache.
struct HistoryCache {
  // Ledger::reloads() when it was made: valid while the ledger has not had
  // to read the log again (no other writer committed in between; this
  // process's own commits that are not decisions change no rule's past).
  int64_t ledger_reloads = -1;
  std::optional<policy::HistoryIndex> index;  // as of its date
  std::optional<Registry> registry;           // for decisions on that date
};

struct ProcessOptions {
  std::string requests_path;
  std::string officials_path;  // imported first when set
  std::string out_dir;
  Date as_of;  // the date the rules are evaluated on
  Date today;  // the date of the clock (as_of may not pass it)
  std::string operator_name;
  std::string key;  // HMAC key of the store
  // The store's match index file (record_store::IndexPath): mapped when it
  // is current, else built and written there. "": built in memory.
  std::string index_path;
  int chunk_size = 256;  // requests per transaction
  // Told how far the run is (stages "checking the rules", "deciding");
  // null: nothing is told.
  ProgressFn progress;
  // The command's workers: policy counting, index building, training and
  // matching all run on it (null: this thread only). The decisions are the
  // same whatever the pool.
  ThreadPool* pool = nullptr;
  // Index and model made once (null: made by this run from the store).
  const PreparedMatching* prepared = nullptr;
  // Settle and release answers at the end (answers.h); the service leaves
  // eligible requests to its release windows.
  bool answer_now = true;
  // When another writer commits between this run's reading of the store
  // and its commit: true decides what is left again against the store as
  // it is now (the service: several servers on one store never both take a
  // request for new); false stages the chunk again as decided (a file's
  // batch, which would take long to evaluate again; run one `process` at a
  // time on a store).
  bool decide_again_on_race = false;
  // Settings stored with the batch's first commit (the service keeps the
  // batch's text with it).
  std::vector<std::pair<std::string, std::string>> batch_meta;
  // The policy's view of the past kept between batches (the service): used
  // while the log has not grown since it was made (no other writer
  // committed), rebuilt from the store otherwise. Null: read each time.
  HistoryCache* history_cache = nullptr;
};

// A batch read from its file (or made by the service from an API call):
// its id is the SHA-256 of the file's bytes.
struct BatchInput {
  std::string batch_id;
  std::string source_name;  // the file's name, no folders
  intake::ReadResult<domain::Request> read;
};

struct ProcessSummary {
  std::string batch_id;
  std::string policy_version;
  std::string ruleset_digest;  // the ruleset decided under (ruleset.h)
  // The model the batch's requests were matched with (given or trained; an
  // earlier run's when this one matched nothing; "" when none was).
  std::string model_version;
  std::string model_digest;
  Date as_of;  // the date the batch was decided on (its first run's)
  int64_t requests = 0;
  int64_t rows_rejected = 0;    // malformed rows, never decided
  int64_t already_decided = 0;  // decided by an earlier run of this batch
  int64_t decided_now = 0;
  std::map<std::string, int64_t> by_decision;
  std::map<std::string, int64_t> by_answer;  // what the agency is told now
  AnswerSummary answers;                     // released now, or held
  // Where the match index came from (when the batch matched anything).
  std::optional<record_store::IndexReport> index;
  int64_t audit_size = 0;
  std::string audit_root_hex;
  std::vector<std::string> messages;  // warnings and row rejections
  std::vector<std::string> outputs;   // files written
  // Wall seconds by phase, in the order first reached (`process --json`,
  // bench/scale.sh): read (the file), officials (their import), history
  // (the policy's view of the past), policy (the rules), prepare_matching
  // (the index mapped, the model), then per chunk match, read_rows (the
  // matched taxpayers' rows), decide (decisions and audit entries, on the
  // pool), stage (numbered in the log), commit (the transaction and its
  // signed checkpoint); then answer (release) and outputs. A phase that
  // did not run is absent; attempts made again add to the same phases.
  std::vector<std::pair<std::string, double>> phase_seconds;
  void AddPhase(const std::string& phase, double seconds);
};

// Errors: input errors (file, line, column) before anything is written; an
// as-of date in the future or before the store's latest (InvalidArgument,
// nothing written); a batch an earlier run decided under another ruleset
// (FailedPrecondition, nothing written); store errors. A request the law does
// not allow is a decision, not an error. The model is the ruleset's when it has
// one, else trained by EM on the store and the batch's lawful requests.
Result<ProcessSummary> ProcessBatch(const ruleset::Ruleset& rules,
                                    const ProcessOptions& options,
                                    storage::Database* db, Ledger* ledger);

// ProcessBatch for a batch already read: `options.requests_path` is not
// read, and the outputs are written only when `options.out_dir` is set.
// With options.decide_again_on_race, another writer committing meanwhile
// (another server on the same store) makes it decide what is left again
// against the store as it is now, so a request is never taken for new by
// two writers.
Result<ProcessSummary> ProcessRequests(const ruleset::Ruleset& rules,
                                       const ProcessOptions& options,
                                       const BatchInput& input,
                                       storage::Database* db, Ledger* ledger);

// The JSON released to the agency for one request (without its receipt):
// {"request_id", "case_number", "fields": {name: {"value", "source",
// "tax_year"}}}.
std::string DisclosureJson(const domain::Request& r,
                           const disclosure::Selection& selection);

// Writes the output files of a batch from the store into `out_dir` (for the
// operator decisions.csv and matches.csv; for the agency response.csv,
// disclosures.jsonl and checkpoint.txt), as ProcessBatch does at its end:
// an answer not released yet reads `pending`. Returns the paths written;
// `by_answer`, when given, counts the answers of response.csv.
Result<std::vector<std::string>> WriteBatchOutputs(
    storage::Database* db, const Ledger& ledger, const std::string& batch_id,
    const std::string& out_dir,
    std::map<std::string, int64_t>* by_answer = nullptr);

// Settles and releases a processed batch's answers as of `today`
// (answers.h), under the ruleset's policy; for `taxgate release` and
// `taxgate review decide`. Errors: NotFound when the batch was never
// processed; those of the inputs and store.
Result<AnswerSummary> AnswerBatchFile(const OperatorContext& ctx,
                                      const ruleset::Ruleset& rules,
                                      const std::string& requests_path,
                                      const Date& today);

// What `policy check` needs: the policy evaluation of a batch against the
// registry (or `officials` when given) and the store's history, as a dry
// run that writes nothing.
struct PolicyCheckResult {
  std::vector<domain::Request> requests;
  std::vector<policy::Evaluation> evaluations;
  std::vector<intake::RowRejection> rejected;
  std::vector<std::string> warnings;
  std::string policy_version;
  std::string ruleset_digest;
};
Result<PolicyCheckResult> CheckPolicy(const ruleset::Ruleset& rules,
                                      const std::string& requests_path,
                                      const std::string& officials_path,
                                      const Date& as_of, const std::string& key,
                                      storage::Database* db,
                                      ThreadPool* pool = nullptr);

// Writes decisions.csv (request_id, decision, reasons, record_id,
// match_probability) for policy evaluations: decision eligible / rejected /
// review.
Status WritePolicyDecisions(const PolicyCheckResult& r,
                            const std::string& path);

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_PROCESSOR_H_
