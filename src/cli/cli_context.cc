#include "cli/cli_context.h"

#include <cstdlib>
#include <iostream>

#include "common/file_util.h"
#include "common/strings.h"
#include "pipeline/checkpoints.h"
#include "pipeline/keys.h"
#include "storage/database.h"

namespace taxgate::cli {

int Fail(const Status& s) {
  std::cerr << "taxgate: " << s.message() << "\n";
  return kExitFailure;
}

void Warn(const std::vector<std::string>& messages) {
  for (const auto& m : messages) std::cerr << "taxgate: warning: " << m << "\n";
}

std::string IndexLine(const record_store::IndexReport& r) {
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.2f s", r.seconds);
  if (r.mapped) return "match index: mapped from " + r.path + " in " + secs;
  std::string line =
      std::string("match index: built from the store in ") + secs;
  if (!r.rebuilt_because.empty()) line += " (" + r.rebuilt_because + ")";
  return line;
}

nlohmann::json IndexJson(const record_store::IndexReport& r) {
  return {{"path", r.path},
          {"mapped", r.mapped},
          {"rebuilt_because", r.rebuilt_because},
          {"seconds", r.seconds},
          {"bytes", r.file_bytes}};
}

pipeline::OperatorContext Store::OperatorContext() {
  return pipeline::OperatorContext{db.get(),
                                   &*ledger,
                                   key,
                                   OperatorName(),
                                   pipeline::NowIso8601(),
                                   record_store::IndexPath(keys_dir)};
}

Result<std::unique_ptr<storage::Database>> OpenExistingDatabase(
    const std::string& db_spec) {
  // (A PostgreSQL store is looked for in its database, read-only: NotFound
  // when the database holds none, and none is made.)
  if (!storage::IsPostgresSpec(db_spec) && !FileExists(db_spec)) {
    return Status::NotFound(db_spec +
                            ": no store there (a command that only reads "
                            "never makes one; check --db)");
  }
  return storage::OpenDatabase(db_spec, storage::OpenMode::kReadOnly);
}

Result<std::vector<pipeline::PublishedCheckpoint>> ReadPublished(
    const std::vector<std::string>& files) {
  std::vector<pipeline::PublishedCheckpoint> out;
  for (const auto& f : files) {
    TG_ASSIGN_OR_RETURN(std::string note, ReadFile(f));
    out.push_back({f, std::move(note)});
  }
  return out;
}

Result<Store> OpenStore(const std::string& db_spec) {
  Store s;
  // The key folder first: a PostgreSQL store without TAXGATE_KEYS_DIR is
  // refused before its database is touched.
  TG_ASSIGN_OR_RETURN(s.keys_dir, pipeline::KeysDirFor(db_spec));
  TG_ASSIGN_OR_RETURN(s.db, storage::OpenDatabase(db_spec));
  TG_ASSIGN_OR_RETURN(s.key,
                      pipeline::LoadStoreHmacKey(s.db.get(), s.keys_dir));
  TG_ASSIGN_OR_RETURN(s.origin, pipeline::LogOrigin(s.db.get()));
  TG_ASSIGN_OR_RETURN(auto signer, pipeline::LoadOrCreateCheckpointSigner(
                                       s.keys_dir, s.origin));
  TG_ASSIGN_OR_RETURN(auto ledger, pipeline::Ledger::Open(s.db.get()));
  ledger.SetCheckpointSigner(std::move(signer), s.origin);
  s.ledger.emplace(std::move(ledger));
  // Stores written before kept withheld TINs in clear.
  TG_RETURN_IF_ERROR(
      pipeline::ProtectWithheldFlags(s.OperatorContext()).status());
  return s;
}

Result<Date> ParseDateOption(const std::string& option,
                             const std::string& text) {
  if (text.empty()) return TodayUtc();
  auto d = ParseIsoDate(text);
  if (!d) {
    return Status::InvalidArgument(option + ": got '" + text +
                                   "', want a calendar date YYYY-MM-DD");
  }
  return *d;
}

Result<Date> ParseAsOf(const std::string& text) {
  return ParseDateOption("--as-of", text);
}

namespace {

CLI::Validator AtLeast(int64_t low, const std::string& want) {
  return CLI::Validator(
      [low, want](std::string& value) -> std::string {
        auto n = ParseInt(value);
        if (n && *n >= low) return "";
        return "want " + want + ", got '" + value + "'";
      },
      "");
}

}  // namespace

CLI::Validator NonNegative() { return AtLeast(0, "a whole number 0 or more"); }
CLI::Validator Positive() { return AtLeast(1, "a whole number 1 or more"); }

Status ParseListen(const std::string& text, std::string* host_out,
                   int* port_out, const std::string& option) {
  auto colon = text.rfind(':');
  std::optional<int64_t> port;
  if (colon != std::string::npos) port = ParseInt(text.substr(colon + 1));
  if (colon == std::string::npos || colon == 0 || !port || *port < 0 ||
      *port > 65535) {
    return Status::InvalidArgument(option + ": got '" + text +
                                   "', want HOST:PORT (e.g. 127.0.0.1:8443; "
                                   "port 0 picks a free one)");
  }
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  *host_out = host;
  *port_out = static_cast<int>(*port);
  return Status::Ok();
}

std::string OperatorName() {
  for (const char* var : {"TAXGATE_OPERATOR", "USER", "LOGNAME"}) {
    const char* v = std::getenv(var);
    if (v && *v) return v;
  }
  return "operator";
}

}  // namespace taxgate::cli
