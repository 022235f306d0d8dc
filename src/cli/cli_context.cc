#include "cli/cli_context.h"

#include <cstdlib>
#include <iostream>

#include "common/file_util.h"
#include "pipeline/checkpoints.h"
#include "pipeline/keys.h"

namespace taxgate::cli {

int Fail(const Status& s) {
  std::cerr << "taxgate: " << s.message() << "\n";
  return kExitFailure;
}

void Warn(const std::vector<std::string>& messages) {
  for (const auto& m : messages) std::cerr << "taxgate: warning: " << m << "\n";
}

pipeline::OperatorContext Store::OperatorContext() {
  return pipeline::OperatorContext{db.get(), &*ledger, key, OperatorName(),
                                   pipeline::NowIso8601()};
}

Result<std::unique_ptr<storage::Database>> OpenExistingDatabase(
    const std::string& db_spec) {
  if (!FileExists(db_spec)) {
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
  TG_ASSIGN_OR_RETURN(s.db, storage::OpenDatabase(db_spec));
  s.keys_dir = pipeline::KeysDirFor(db_spec);
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

Result<Date> ParseAsOf(const std::string& text) {
  if (text.empty()) return TodayUtc();
  auto d = ParseIsoDate(text);
  if (!d) {
    return Status::InvalidArgument("--as-of: got '" + text +
                                   "', want a date YYYY-MM-DD");
  }
  return *d;
}

std::string OperatorName() {
  for (const char* var : {"TAXGATE_OPERATOR", "USER", "LOGNAME"}) {
    const char* v = std::getenv(var);
    if (v && *v) return v;
  }
  return "operator";
}

}  // namespace taxgate::cli
