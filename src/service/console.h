// Console: the review console of `taxgate serve --console HOST:PORT`, where
// disclosure officers, supervisors and auditors work (docs/console.md). A
// face like the CLI: it owns no rule. A decision goes through
// pipeline::DecideReview, exactly as `taxgate review decide` does, under
// the two-person rule of the policy file.
//
//   GET  /                        the console (web/console, embedded)
//   POST /api/login  /api/logout  a session: cookie __Host-taxgate_session
//                                 (Secure, HttpOnly, SameSite=Strict)
//   GET  /api/me                  who is logged in, their role, CSRF token
//   GET  /api/queue               items waiting, oldest first; counts
//   GET  /api/item?batch=&position=   one item's evidence (audited view)
//   POST /api/decide              disclose / no_record / reject, with a
//                                 written justification (X-CSRF-Token)
//   GET  /api/supervisor          who decided what, waits, agreement
//   GET  /api/audit/checkpoints   latest checkpoints, cosigned note, keys
//   GET  /api/audit/entry?leaf=N  an entry's bytes (base64)
//   GET  /api/audit/proof?leaf=&size=, /api/audit/consistency?from=&to=
//
// Roles (pipeline/console_users.h): reviewer (queue, items, decisions;
// a disclosure only proposed under the two-person rule), supervisor (also
// confirms another's proposal, and the supervisor's view), auditor (the
// audit routes only: no taxpayer data). There is no search: a record is
// shown only as a candidate of a request in the queue (26 U.S.C. 7213A),
// and every such view is an audit entry (`console_view`).
//
// Security: passwords Argon2id; sessions expire after `idle_minutes`
// without use and `session_hours` in all; every POST but the login needs
// the session's CSRF token in X-CSRF-Token, and a JSON body (a form on
// another site cannot send one without a preflight); `max_failures` failed
// logins in a row lock the user for `lockout_minutes` (stored, audited);
// responses carry a strict Content-Security-Policy and no-store.
#ifndef TAXGATE_SERVICE_CONSOLE_H_
#define TAXGATE_SERVICE_CONSOLE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/thread_pool.h"
#include "pipeline/ledger.h"
#include "ruleset/ruleset.h"
#include "service/service.h"
#include "storage/database.h"
#include "witness/protocol.h"

namespace taxgate::service {

struct ConsoleOptions {
  std::string host = "127.0.0.1";
  int port = 8444;   // 0: a free one
  std::string cert;  // server certificate chain (PEM), as for the API
  std::string key;   // its private key (PEM)
  int idle_minutes = 15;
  int session_hours = 8;
  int max_failures = 5;
  int lockout_minutes = 15;
  int threads = 4;
  // Shown with the latest checkpoint: their cosignatures.
  std::vector<witness::WitnessEndpoint> witnesses;
  std::function<void(int port)> on_listening;
};

// What the console writes with: a store connection and ledger of its own
// (as another process would), so the API's are never held by a reviewer.
struct ConsoleStore {
  storage::Database* db = nullptr;
  pipeline::Ledger* ledger = nullptr;
  std::string key;         // the store's HMAC key
  std::string keys_dir;    // for checkpoint-verifiers.txt
  std::string index_path;  // the store's match index file
};

class Console {
 public:
  // `service` answers the audit proofs; everything outlives the console.
  Console(Service* service, const ruleset::Ruleset& rules, ConsoleStore store,
          ThreadPool* pool, ConsoleOptions options);
  ~Console();

  // Binds and serves until Stop(). Errors: InvalidArgument when the
  // certificate or key cannot be loaded; Unavailable when the address cannot
  // be bound.
  Status Run();
  int port() const;
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace taxgate::service

#endif  // TAXGATE_SERVICE_CONSOLE_H_
