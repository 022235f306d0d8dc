#include "pipeline/operator_actions.h"

#include <ctime>

#include "common/crypto.h"
#include "common/file_util.h"
#include "disclosure/audit_entry.h"

namespace taxgate::pipeline {
namespace {

disclosure::EntryContext Context(const OperatorContext& ctx) {
  return disclosure::EntryContext{"", -1, ctx.time, ctx.key};
}

disclosure::Actor OperatorActor(const OperatorContext& ctx) {
  disclosure::Actor a;
  a.kind = "operator";
  a.name = ctx.operator_name;
  return a;
}

std::string BaseName(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string NowIso8601() {
  std::time_t t = std::time(nullptr);
  std::tm tm;
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<std::string> FileDigest(const std::string& path) {
  TG_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  return ToHex(Sha256(bytes));
}

Result<LoadSummary> LoadRecordStore(const OperatorContext& ctx,
                                    const std::string& path) {
  TG_ASSIGN_OR_RETURN(auto read, intake::ReadRecords(path));
  TG_ASSIGN_OR_RETURN(std::string digest, FileDigest(path));
  ctx.ledger->Stage(disclosure::OperatorEntry(
      Context(ctx), OperatorActor(ctx), "load_records",
      {{"file", BaseName(path)},
       {"file_sha256", digest},
       {"rows_loaded", std::to_string(read.rows.size())},
       {"rows_rejected", std::to_string(read.rejected.size())}}));
  storage::WriteSet ws;
  ws.replace_records = &read.rows;
  TG_RETURN_IF_ERROR(ctx.ledger->Commit(std::move(ws)));
  return LoadSummary{static_cast<int64_t>(read.rows.size()),
                     std::move(read.rejected), std::move(read.warnings)};
}

Result<LoadSummary> ImportOfficials(const OperatorContext& ctx,
                                    const std::string& path) {
  TG_ASSIGN_OR_RETURN(auto read, intake::ReadOfficials(path));
  TG_ASSIGN_OR_RETURN(std::string digest, FileDigest(path));
  std::string ids;
  for (const auto& o : read.rows)
    ids += (ids.empty() ? "" : ";") + o.official_id;
  ctx.ledger->Stage(disclosure::OperatorEntry(
      Context(ctx), OperatorActor(ctx), "import_officials",
      {{"file", BaseName(path)},
       {"file_sha256", digest},
       {"officials", ids},
       {"rows_rejected", std::to_string(read.rejected.size())}}));
  storage::WriteSet ws;
  ws.officials = read.rows;
  TG_RETURN_IF_ERROR(ctx.ledger->Commit(std::move(ws)));
  return LoadSummary{static_cast<int64_t>(read.rows.size()),
                     std::move(read.rejected), std::move(read.warnings)};
}

Status RevokeOfficial(const OperatorContext& ctx, const std::string& id,
                      const std::string& date) {
  TG_ASSIGN_OR_RETURN(auto officials, ctx.db->ReadOfficials());
  for (auto& o : officials) {
    if (o.official_id != id) continue;
    o.revoked_on = date;
    ctx.ledger->Stage(disclosure::OperatorEntry(
        Context(ctx), OperatorActor(ctx), "revoke_official",
        {{"official_id", id}, {"revoked_on", date}}));
    storage::WriteSet ws;
    ws.officials = {o};
    return ctx.ledger->Commit(std::move(ws));
  }
  return Status::NotFound("official '" + id + "' is not in the registry");
}

}  // namespace taxgate::pipeline
