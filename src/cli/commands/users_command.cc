// `taxgate users add|list|role|password|disable|enable|unlock`: the people
// who may use the review console (pipeline/console_users.h), every change
// an audited `operator` entry. Passwords are read from standard input (one
// line; prompted without echo at a terminal), never from the command line,
// where other users of the machine could read them.
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_context.h"
#include "common/crypto.h"
#include "common/date.h"
#include "pipeline/console_users.h"

namespace taxgate::cli {
namespace {

Result<std::string> ReadPassword(const std::string& who) {
  const bool tty = isatty(STDIN_FILENO);
  termios old{};
  if (tty) {
    std::cerr << "password for " << who << ": " << std::flush;
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  }
  if (!got) {
    return Status::InvalidArgument(
        "users: no password on standard input (give it as one line)");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  TG_RETURN_IF_ERROR(pipeline::CheckPassword(line));
  return line;
}

Status Hash(const std::string& password, std::string* out) {
  auto h = PasswordHash(password);
  if (!h) return Status::Unavailable("users: Argon2id could not run (memory)");
  *out = *h;
  return Status::Ok();
}

}  // namespace

void RegisterUsers(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "users",
      "The review console's users and roles (reviewer, supervisor, auditor); "
      "every change is audited");
  cmd->require_subcommand(1);
  auto db = std::make_shared<std::string>("taxgate.db");
  auto name = std::make_shared<std::string>();
  auto role = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  const auto roles = CLI::IsMember({"reviewer", "supervisor", "auditor"});

  // One audited change to one user.
  auto change =
      [=](const std::string& action, bool with_role,
          std::function<Status(pipeline::ConsoleUsers*, const std::string& now)>
              fn) {
        return [=] {
          if (Status s = pipeline::CheckUserName(*name); !s.ok())
            return Fail(s);
          auto store = OpenStore(*db);
          if (!store.ok()) return Fail(store.status());
          pipeline::OperatorContext ctx = store->OperatorContext();
          std::vector<std::pair<std::string, std::string>> facts = {
              {"user", *name}};
          if (with_role) facts.emplace_back("role", *role);
          Status s = pipeline::ChangeConsoleUsers(
              ctx, action, facts, [&](pipeline::ConsoleUsers* users) {
                return fn(users, ctx.time);
              });
          if (!s.ok()) return Fail(s);
          std::cout << "users: " << action << " " << *name
                    << (with_role ? " (" + *role + ")" : "") << "\n";
          return kExitOk;
        };
      };
  auto existing =
      [=](pipeline::ConsoleUsers* users) -> Result<pipeline::ConsoleUser*> {
    auto it = users->find(*name);
    if (it == users->end()) {
      return Status::NotFound("users: no user '" + *name +
                              "' (taxgate users list)");
    }
    return &it->second;
  };

  auto* add = cmd->add_subcommand(
      "add", "Add a user with a role; the password is read from stdin");
  add->add_option("name", *name, "user name (a-z 0-9 . _ -)")->required();
  add->add_option("--role", *role, "reviewer, supervisor or auditor")
      ->required()
      ->check(roles);
  add->add_option("--db", *db, "store")->capture_default_str();
  add->callback([=] {
    *run = [=] {
      if (Status s = pipeline::CheckUserName(*name); !s.ok()) return Fail(s);
      auto password = ReadPassword(*name);
      if (!password.ok()) return Fail(password.status());
      std::string hash;
      if (Status s = Hash(*password, &hash); !s.ok()) return Fail(s);
      return change("console_user_add", true,
                    [=](pipeline::ConsoleUsers* users, const std::string& now) {
                      if (users->count(*name)) {
                        return Status::AlreadyExists("users: '" + *name +
                                                     "' exists already");
                      }
                      pipeline::ConsoleUser u;
                      u.name = *name;
                      u.role = *role;
                      u.password_hash = hash;
                      u.created_at = now;
                      users->emplace(*name, std::move(u));
                      return Status::Ok();
                    })();
    };
  });

  auto* list = cmd->add_subcommand("list", "Every user, role and state");
  list->add_option("--db", *db, "store")->capture_default_str();
  list->add_flag("--json", *json, "one JSON object per user");
  list->callback([=] {
    *run = [=] {
      auto store = OpenStore(*db);
      if (!store.ok()) return Fail(store.status());
      auto users = pipeline::ReadConsoleUsers(store->db.get(), store->key);
      if (!users.ok()) return Fail(users.status());
      for (const auto& [n, u] : *users) {
        const char* state = u.disabled                ? "disabled"
                            : !u.locked_until.empty() ? "locked"
                                                      : "active";
        if (*json) {
          std::cout << nlohmann::json{{"name", n},
                                      {"role", u.role},
                                      {"state", state},
                                      {"locked_until", u.locked_until},
                                      {"created_at", u.created_at}}
                           .dump()
                    << "\n";
        } else {
          std::cout << n << "\t" << u.role << "\t" << state
                    << (u.locked_until.empty() ? ""
                                               : " until " + u.locked_until)
                    << "\n";
        }
      }
      if (!*json) std::cout << users->size() << " users\n";
      return kExitOk;
    };
  });

  auto* set_role = cmd->add_subcommand("role", "Give a user another role");
  set_role->add_option("name", *name, "user name")->required();
  set_role->add_option("role", *role, "reviewer, supervisor or auditor")
      ->required()
      ->check(roles);
  set_role->add_option("--db", *db, "store")->capture_default_str();
  set_role->callback([=] {
    *run = change("console_user_role", true,
                  [=](pipeline::ConsoleUsers* users, const std::string&) {
                    TG_ASSIGN_OR_RETURN(auto* u, existing(users));
                    u->role = *role;
                    return Status::Ok();
                  });
  });

  auto* password = cmd->add_subcommand(
      "password", "Set a user's password (read from stdin)");
  password->add_option("name", *name, "user name")->required();
  password->add_option("--db", *db, "store")->capture_default_str();
  password->callback([=] {
    *run = [=] {
      auto pw = ReadPassword(*name);
      if (!pw.ok()) return Fail(pw.status());
      std::string hash;
      if (Status s = Hash(*pw, &hash); !s.ok()) return Fail(s);
      return change("console_user_password", false,
                    [=](pipeline::ConsoleUsers* users, const std::string&) {
                      TG_ASSIGN_OR_RETURN(auto* u, existing(users));
                      u->password_hash = hash;
                      return Status::Ok();
                    })();
    };
  });

  struct Toggle {
    const char* command;
    const char* help;
    const char* action;
    std::function<void(pipeline::ConsoleUser*)> apply;
  };
  for (const Toggle& t :
       {Toggle{"disable", "Stop a user from logging in (kept for the record)",
               "console_user_disable",
               [](pipeline::ConsoleUser* u) { u->disabled = true; }},
        Toggle{"enable", "Let a disabled user log in again",
               "console_user_enable",
               [](pipeline::ConsoleUser* u) { u->disabled = false; }},
        Toggle{"unlock", "Lift a lockout after failed logins",
               "console_user_unlock",
               [](pipeline::ConsoleUser* u) { u->locked_until.clear(); }}}) {
    auto* sub = cmd->add_subcommand(t.command, t.help);
    sub->add_option("name", *name, "user name")->required();
    sub->add_option("--db", *db, "store")->capture_default_str();
    auto apply = t.apply;
    std::string action = t.action;
    sub->callback([=] {
      *run = change(action, false,
                    [=](pipeline::ConsoleUsers* users, const std::string&) {
                      TG_ASSIGN_OR_RETURN(auto* u, existing(users));
                      apply(u);
                      return Status::Ok();
                    });
    });
  }
}

}  // namespace taxgate::cli
