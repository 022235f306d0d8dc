// The people who may use the review console of `taxgate serve`, and their
// roles (managed with `taxgate users`, every change audited):
//   reviewer    the queue, an item's evidence, and a decision on it (a
//               disclosure only proposed when the two-person rule is on);
//   supervisor  as a reviewer, plus confirming another's proposed
//               disclosure, and the supervisor's view (who decided what);
//   auditor     the audit log only: checkpoints, witness cosignatures,
//               inclusion and consistency proofs; no taxpayer data.
//
// Passwords are kept as Argon2id hashes (common/crypto.h). The users are
// one sealed meta value (sealed_meta.h, `console_users`): someone who can
// write the store but does not hold its key cannot add themselves. A user
// locked out by repeated failed logins stays locked, across restarts,
// until `locked_until` or `taxgate users unlock`.
#ifndef TAXGATE_PIPELINE_CONSOLE_USERS_H_
#define TAXGATE_PIPELINE_CONSOLE_USERS_H_

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "pipeline/operator_actions.h"

namespace taxgate::pipeline {

struct ConsoleUser {
  std::string name;
  std::string role;           // reviewer, supervisor or auditor
  std::string password_hash;  // Argon2id, PHC string
  bool disabled = false;
  std::string locked_until;  // ISO 8601 UTC; "" when not locked
  std::string created_at;
};

using ConsoleUsers = std::map<std::string, ConsoleUser>;

// True for reviewer, supervisor, auditor.
bool IsConsoleRole(const std::string& role);
// Errors: InvalidArgument naming what is wrong: a name is 1-64 of a-z 0-9 .
// _ - (starting with a letter); a password at least 12 characters.
Status CheckUserName(const std::string& name);
Status CheckPassword(const std::string& password);

// Errors: DataLoss when the users' seal does not verify.
Result<ConsoleUsers> ReadConsoleUsers(storage::Database* db,
                                      const std::string& key);

// Changes the users with `change` (called on the users as stored; it may
// fail, and is called again if another writer committed meanwhile), in one
// transaction with an `operator` audit entry `action` with `facts` (never
// a password or its hash).
Status ChangeConsoleUsers(
    const OperatorContext& ctx, const std::string& action,
    const std::vector<std::pair<std::string, std::string>>& facts,
    const std::function<Status(ConsoleUsers*)>& change);

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_CONSOLE_USERS_H_
