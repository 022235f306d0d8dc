#include "pipeline/console_users.h"

#include <nlohmann/json.hpp>

#include "disclosure/audit_entry.h"
#include "pipeline/sealed_meta.h"

namespace taxgate::pipeline {
namespace {

using Json = nlohmann::json;

constexpr char kUsersMeta[] = "console_users";

std::string Text(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

bool IsConsoleRole(const std::string& role) {
  return role == "reviewer" || role == "supervisor" || role == "auditor";
}

Status CheckUserName(const std::string& name) {
  bool ok =
      !name.empty() && name.size() <= 64 && name[0] >= 'a' && name[0] <= 'z';
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                c == '_' || c == '-');
  }
  if (!ok) {
    return Status::InvalidArgument(
        "user name '" + name +
        "': want 1-64 of a-z, 0-9, '.', '_', '-', starting with a letter");
  }
  return Status::Ok();
}

Status CheckPassword(const std::string& password) {
  if (password.size() < 12) {
    return Status::InvalidArgument(
        "password: want at least 12 characters (a passphrase)");
  }
  if (password.size() > 1024) {
    return Status::InvalidArgument("password: longer than 1024 characters");
  }
  return Status::Ok();
}

Result<ConsoleUsers> ReadConsoleUsers(storage::Database* db,
                                      const std::string& key) {
  TG_ASSIGN_OR_RETURN(auto text, ReadSealedMeta(db, key, kUsersMeta));
  ConsoleUsers users;
  if (!text) return users;
  Json j = Json::parse(*text, nullptr, false);
  if (!j.is_object()) return Status::DataLoss("console_users: not an object");
  for (auto& [name, u] : j.items()) {
    if (!u.is_object()) return Status::DataLoss("console_users: " + name);
    ConsoleUser cu;
    cu.name = name;
    cu.role = Text(u, "role");
    cu.password_hash = Text(u, "password_hash");
    cu.disabled = u.value("disabled", false);
    cu.locked_until = Text(u, "locked_until");
    cu.created_at = Text(u, "created_at");
    users.emplace(name, std::move(cu));
  }
  return users;
}

Status ChangeConsoleUsers(
    const OperatorContext& ctx, const std::string& action,
    const std::vector<std::pair<std::string, std::string>>& facts,
    const std::function<Status(ConsoleUsers*)>& change) {
  return ctx.ledger->CommitRetrying([&]() -> Result<storage::WriteSet> {
    TG_ASSIGN_OR_RETURN(ConsoleUsers users, ReadConsoleUsers(ctx.db, ctx.key));
    TG_RETURN_IF_ERROR(change(&users));
    Json j = Json::object();
    for (const auto& [name, u] : users) {
      j[name] = {{"role", u.role},
                 {"password_hash", u.password_hash},
                 {"disabled", u.disabled},
                 {"locked_until", u.locked_until},
                 {"created_at", u.created_at}};
    }
    storage::WriteSet ws;
    ws.meta.push_back(SealMeta(ctx.key, kUsersMeta, j.dump()));
    disclosure::Actor a;
    a.kind = "operator";
    a.name = ctx.operator_name;
    ctx.ledger->Stage(disclosure::OperatorEntry(
        disclosure::EntryContext{"", -1, ctx.time, ctx.key}, a, action, facts));
    return ws;
  });
}

}  // namespace taxgate::pipeline
