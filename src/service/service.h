// Service: what `taxgate serve` does for an agency, without the transport
// (http_server.h puts it on HTTPS). It owns no rule: a request taken over
// the API goes through the same pipeline as a file (ProcessRequests), with
// the store's match index and model prepared once.
//
// A POST is one batch. Its requests are written as a requests.csv in the
// columns of FORMATS.md, values exactly as sent (so the signatures verify
// as for files); the batch id is the SHA-256 of that text, so the same POST
// sent again is the same batch and gets the same answers (idempotent),
// while a request id of the agency used before with other bytes is a
// DUPLICATE_REQUEST rejection (the policy's rule), audited like any
// decision. The text is kept in the store (meta `api_batch/<id>`) so its
// answers can be released after a restart.
//
// What the agency is told (LAW.md): rejections and law reviews at once;
// every eligible request `pending` until its batch's release window
// (policy `release_window_hours`, windows aligned on UTC midnight) has
// closed and every eligible request of the batch is settled; then all
// together (pipeline/answers.h).
//
// Thread-safe: one mutex serializes the calls that write (the store's
// Ledger is one per process); reads of the audit log take it too. Several
// processes may serve one PostgreSQL store: the log is the serialization
// point (ProcessRequests decides again when another writer committed).
#ifndef TAXGATE_SERVICE_SERVICE_H_
#define TAXGATE_SERVICE_SERVICE_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/date.h"
#include "common/status.h"
#include "common/thread_pool.h"
#include "pipeline/ledger.h"
#include "pipeline/processor.h"
#include "pipeline/registry.h"
#include "ruleset/ruleset.h"
#include "storage/database.h"

namespace taxgate::service {

using Json = nlohmann::json;

// At most this many requests in one POST.
inline constexpr size_t kMaxBatchRequests = 10000;

struct ServiceOptions {
  std::string key;  // the store's HMAC key
  std::string operator_name = "taxgate-serve";
  std::string index_path;  // the store's match index file (record_store.h)
  ThreadPool* pool = nullptr;
};

// What one request of a POST was answered (for metrics).
struct AnswerStat {
  std::string answer;                // rejected, pending
  std::vector<std::string> reasons;  // the codes the agency sees
  std::optional<double> match_probability;
};

struct SubmitResult {
  Json body;  // {"batch_id", "answers": [...], "rejected_rows": [...]}
  std::vector<AnswerStat> stats;
};

// A mutex that admits waiters in the order they came (a ticket lock):
// std::mutex lets a busy thread take it again and again while another
// waits seconds, which an agency would see as a request that hangs.
class FairMutex {
 public:
  void lock();
  void unlock();

 private:
  struct Waiter {
    std::condition_variable cv;
    bool granted = false;
  };
  std::mutex mu_;
  bool held_ = false;
  std::deque<Waiter*> queue_;  // handed the lock in this order
};

class Service {
 public:
  // `rules`, `db` and `ledger` outlive the service.
  Service(const ruleset::Ruleset& rules, storage::Database* db,
          pipeline::Ledger* ledger, pipeline::PreparedMatching matching,
          ServiceOptions options);

  // POST /v1/requests from `agency` (the agency code of the caller's
  // client certificate). `body` is one request object or {"requests":
  // [...]}; each request's members are the columns of requests.csv
  // (strings), `signature` included. Errors: InvalidArgument naming the
  // request and member for a malformed body (nothing written);
  // PermissionDenied when a request names a signer or official of another
  // agency (refused whole, audited); those of the store.
  Result<SubmitResult> Submit(const std::string& agency,
                              const std::string& body, const Date& today);
  // The same for a body already parsed (ParseBody).
  Result<SubmitResult> Submit(const std::string& agency, const Json& parsed,
                              const Date& today);
  // A POST body as JSON. Errors: InvalidArgument naming the parse error.
  static Result<Json> ParseBody(const std::string& body);
  // The requests a parsed body holds, for the rate limit (1 when it is not
  // a batch: Submit gives the real error).
  static size_t RequestCount(const Json& parsed);

  // GET /v1/requests/{agency}/{id}: the answer of `agency`'s request
  // `request_id`, released first if its window has closed. Errors:
  // NotFound when the agency never sent it over the API.
  Result<Json> Answer(const std::string& agency, const std::string& request_id,
                      const Date& today);

  // Releases every batch this process took whose window has closed.
  // Returns how many answers went out.
  Result<int64_t> ReleaseDue(const Date& today);

  // GET /v1/audit/checkpoint, /v1/audit/proof/{leaf}?size=N,
  // /v1/audit/consistency?from=M&to=N: as `taxgate audit checkpoint`,
  // `audit proof --json`, `audit consistency --json` print them (FORMATS.md).
  // size/to < 0: the latest checkpoint's.
  Result<Json> Checkpoint();
  Result<Json> Proof(int64_t leaf, int64_t size);
  Result<Json> Consistency(int64_t from, int64_t to);

  // A refusal at the door (no or bad client certificate, another agency's
  // signer, over the rate limit): an `api_refused` audit entry.
  Status AuditRefusal(
      const std::string& agency, const std::string& reason,
      const std::vector<std::pair<std::string, std::string>>& facts = {});

  // Matching reviews waiting for a person (for /metrics).
  Result<int64_t> ReviewQueueSize();
  // True when the store answers (for /healthz).
  Status Health();

 private:
  // What the service passes down as the operator, now.
  pipeline::OperatorContext Operator() const;
  // When the store's rows changed since the index was opened (a `taxgate
  // load` while serving: its records digest differs), the index (mapped
  // from the file the load wrote) and the model are made again, so that
  // requests are matched against the rows as they are, not refused for
  // rows that changed under an old index.
  Status FollowLoads();
  struct Place {
    std::string batch_id;
    int64_t position = 0;
  };
  Result<Json> AnswerJson(const storage::DecisionRow& d);
  Result<Json> Receipt();
  // Releases `batch_id` now (AnswerBatch), noting it held when a matching
  // review holds it.
  Status ReleaseNow(const std::string& batch_id, const Date& today);
  // Releases it if its scheduled time has come (scheduling it first when
  // this process never did).
  Status ReleaseIfDue(const std::string& batch_id, const Date& today);
  void Schedule(const std::string& batch_id, int64_t due);
  static bool OfAnotherAgency(const storage::DecisionRow& d,
                              const std::string& own);
  Result<std::vector<domain::Request>> StoredRequests(
      const std::string& batch_id);
  Result<std::optional<Place>> Find(const std::string& agency,
                                    const std::string& request_id);
  // The log's leaf hashes, read as far as it has grown (kept between calls).
  Result<const std::vector<Hash256>*> LeafHashes();
  Status RefuseLocked(
      const std::string& agency, const std::string& reason,
      const std::vector<std::pair<std::string, std::string>>& facts);

  const ruleset::Ruleset& rules_;
  storage::Database* db_;
  pipeline::Ledger* ledger_;
  pipeline::PreparedMatching matching_;
  ServiceOptions options_;
  FairMutex mu_;
  // (agency, request id) -> where it was first decided, for the requests
  // this process took (others are looked up in the store).
  std::map<std::pair<std::string, std::string>, Place> places_;
  // Batches this process took, by the end of their release window
  // (seconds since the epoch), and those a matching review holds.
  std::multimap<int64_t, std::string> due_;
  std::map<std::string, int64_t> scheduled_;  // batch -> its time in due_
  std::set<std::string> held_;
  std::vector<Hash256> leaf_hashes_;  // the log's, read as it grows
  pipeline::HistoryCache history_;
  // The registry as recorded, read again when the ledger had to read the
  // log again (another writer, e.g. an officials import, committed).
  std::optional<pipeline::Registry> registry_;
  int64_t registry_reloads_ = -1;
};

// The end of the release window holding `received_at` (ISO 8601 UTC), as
// seconds since the epoch: windows of `hours` hours aligned on UTC
// midnight; 0 hours ends the window at once.
Result<int64_t> ReleaseWindowEnd(const std::string& received_at, int hours);

}  // namespace taxgate::service

#endif  // TAXGATE_SERVICE_SERVICE_H_
