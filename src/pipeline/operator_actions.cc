#include "pipeline/operator_actions.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <unordered_set>

#include "common/crypto.h"
#include "common/date.h"
#include "common/file_util.h"
#include "common/stopwatch.h"
#include "common/strings.h"
#include "disclosure/audit_entry.h"
#include "record_store/index_file.h"
#include "record_store/record_store.h"
#include "text/text.h"

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

namespace {

// The reasons a load is refused before anything is written, or "".
std::string RefuseLoad(const std::string& path, const std::string& bytes,
                       const intake::ReadResult<domain::Record>& read,
                       const LoadSummary& diff, int64_t current,
                       const LoadOptions& o) {
  const int64_t rows = static_cast<int64_t>(read.rows.size());
  const int64_t rejected = static_cast<int64_t>(read.rejected.size());
  if (rows == 0) {
    return path + ": no valid row (" + std::to_string(rejected) +
           " rejected): a load would empty the store";
  }
  // A file cut off in the middle of a row: no final line break, and its
  // last row rejected.
  if (!bytes.empty() && bytes.back() != '\n' && rejected > 0) {
    const int64_t last_line =
        1 + static_cast<int64_t>(std::count(bytes.begin(), bytes.end(), '\n'));
    if (read.rejected.back().line == last_line) {
      return path + ":" + std::to_string(last_line) +
             ": the last row is cut off (no line break after it, and it is "
             "malformed): the file looks truncated";
    }
  }
  if (rejected > o.max_rejected_share * static_cast<double>(rows + rejected)) {
    char share[32];
    std::snprintf(share, sizeof share, "%g%%", o.max_rejected_share * 100);
    return path + ": " + std::to_string(rejected) + " of " +
           std::to_string(rows + rejected) + " rows rejected, more than " +
           share + " (the first: " + read.rejected.front().message +
           "): fix the file, or pass --max-rejected-share";
  }
  if (current > 0 && !o.allow_removal &&
      diff.removed > o.max_removed_share * static_cast<double>(current)) {
    return path + ": the refresh would remove " + std::to_string(diff.removed) +
           " of the store's " + std::to_string(current) +
           " records; if that is meant, run it again with --allow-removal "
           "(the audit log records that it was given)";
  }
  return "";
}

}  // namespace

namespace {

// The store's rows as they are, by record id and row digest: read from
// the store itself, never from its index file (a load is how a store
// changed outside taxgate is made whole again, so it must see the rows
// that are there).
class StoredRows {
 public:
  static Result<StoredRows> Read(const OperatorContext& ctx,
                                 const LoadOptions& o) {
    StoredRows out;
    TG_ASSIGN_OR_RETURN(auto rows, ctx.db->ReadRecords());
    std::vector<uint64_t> digests =
        record_store::RowDigests(ctx.key, rows, o.pool);
    out.rows_.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      out.rows_.emplace_back(std::move(rows[i].record_id), digests[i]);
    }
    std::sort(out.rows_.begin(), out.rows_.end());
    return out;
  }
  size_t size() const { return rows_.size(); }
  // The slot of `id` (< size()), or size().
  size_t Find(std::string_view id) const {
    auto it = std::lower_bound(rows_.begin(), rows_.end(), id,
                               [](const auto& row, std::string_view want) {
                                 return row.first < want;
                               });
    return it != rows_.end() && it->first == id ? it - rows_.begin() : size();
  }
  uint64_t Digest(size_t slot) const { return rows_[slot].second; }
  const std::string& Id(size_t slot) const { return rows_[slot].first; }

 private:
  std::vector<std::pair<std::string, uint64_t>> rows_;  // sorted by id
};

}  // namespace

Result<LoadSummary> LoadRecordStore(const OperatorContext& ctx,
                                    const std::string& path,
                                    const LoadOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  LoadSummary out;
  TG_ASSIGN_OR_RETURN(
      auto read, intake::ReadRecords(path, options.pool, options.progress));
  // In record_id order once, for all that follows (the digest, the store's
  // B-tree, the index).
  record_store::SortById(&read.rows, options.pool);
  TG_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  const std::string file_digest = ToHex(Sha256(bytes));
  const std::vector<uint64_t> digests =
      record_store::RowDigests(ctx.key, read.rows, options.pool);
  const std::string records_digest =
      record_store::RecordsDigest(read.rows, digests);
  out.read_seconds = SecondsSince(t0);
  // What the refresh does, by record id.
  const auto t1 = std::chrono::steady_clock::now();
  if (options.progress) {
    options.progress("writing the store", 0, -1);
  }
  TG_ASSIGN_OR_RETURN(const std::string digest_before,
                      record_store::StoredRecordsDigest(ctx.db));
  TG_ASSIGN_OR_RETURN(int64_t current, ctx.db->CountRecords());
  storage::RecordChanges changes;
  if (current == 0) {
    out.added = static_cast<int64_t>(read.rows.size());
  } else {
    TG_ASSIGN_OR_RETURN(auto before, StoredRows::Read(ctx, options));
    std::vector<bool> kept(before.size(), false);
    std::unordered_set<std::string_view> seen;
    for (size_t i = 0; i < read.rows.size(); ++i) {
      if (!seen.insert(read.rows[i].record_id).second) continue;
      const size_t slot = before.Find(read.rows[i].record_id);
      if (slot == before.size()) {
        ++out.added;
        changes.upsert.push_back(&read.rows[i]);
      } else {
        kept[slot] = true;
        if (before.Digest(slot) == digests[i]) {
          ++out.unchanged;
        } else {
          ++out.changed;
          changes.upsert.push_back(&read.rows[i]);
        }
      }
    }
    for (size_t slot = 0; slot < kept.size(); ++slot) {
      if (!kept[slot]) changes.remove.push_back(before.Id(slot));
    }
    out.removed = static_cast<int64_t>(changes.remove.size());
  }
  std::string refused = RefuseLoad(path, bytes, read, out, current, options);
  if (!refused.empty()) {
    return Status::FailedPrecondition(refused + "; the store is unchanged");
  }
  std::string().swap(bytes);
  const std::string entry = disclosure::OperatorEntry(
      Context(ctx), OperatorActor(ctx), "load_records",
      {{"file", BaseName(path)},
       {"file_sha256", file_digest},
       {"rows_loaded", std::to_string(read.rows.size())},
       {"rows_rejected", std::to_string(read.rejected.size())},
       {"added", std::to_string(out.added)},
       {"changed", std::to_string(out.changed)},
       {"removed", std::to_string(out.removed)},
       {"allow_removal", options.allow_removal ? "yes" : "no"}});
  TG_RETURN_IF_ERROR(
      ctx.ledger->CommitRetrying([&]() -> Result<storage::WriteSet> {
        // Another command committed meanwhile (the log grew): the diff
        // still holds unless it was another load.
        TG_ASSIGN_OR_RETURN(std::string digest_now,
                            record_store::StoredRecordsDigest(ctx.db));
        if (digest_now != digest_before) {
          return Status::Aborted(
              path +
              ": another load changed the store's records while this one "
              "ran: nothing of this load was written; run it again");
        }
        ctx.ledger->Stage(entry);
        storage::WriteSet ws;
        if (current == 0) {
          ws.replace_records = &read.rows;
        } else {
          ws.change_records = &changes;
        }
        ws.meta.emplace_back(record_store::kRecordsDigestMeta, records_digest);
        return ws;
      }));
  out.write_seconds = SecondsSince(t1);
  out.loaded = static_cast<int64_t>(read.rows.size());
  out.rejected = std::move(read.rejected);
  out.warnings = std::move(read.warnings);
  if (options.tables && !ctx.index_path.empty()) {
    // The rows are in: the index is derived from them, so a failure here
    // is a warning (the next command builds it).
    const auto t2 = std::chrono::steady_clock::now();
    if (options.progress) {
      options.progress("building the index", 0, -1);
    }
    changes = {};
    linkage::MatchIndex index = record_store::BuildIndex(
        std::move(read.rows), options.tables, digests, options.pool);
    auto written = record_store::WriteIndexFile(
        index, {records_digest, options.tables_digest, ctx.key},
        ctx.index_path);
    if (written.ok()) {
      out.index_built = true;
      out.index_bytes = *written;
    } else {
      out.warnings.push_back(
          "the match index could not be kept (the next "
          "command builds it): " +
          std::string(written.status().message()));
    }
    out.index_seconds = SecondsSince(t2);
  }
  return out;
}

Result<LoadSummary> ImportOfficials(const OperatorContext& ctx,
                                    const std::string& path) {
  TG_ASSIGN_OR_RETURN(auto read, intake::ReadOfficials(path));
  TG_ASSIGN_OR_RETURN(std::string digest, FileDigest(path));
  TG_ASSIGN_OR_RETURN(auto current, ctx.db->ReadOfficials());
  std::map<std::string, std::string> revoked;  // id -> revoked_on
  for (const auto& o : current) {
    if (!Trim(o.revoked_on).empty()) revoked[o.official_id] = o.revoked_on;
  }
  std::string ids, kept;
  for (auto& o : read.rows) {
    ids += (ids.empty() ? "" : ";") + o.official_id;
    auto r = revoked.find(o.official_id);
    if (r != revoked.end()) {
      o.revoked_on = r->second;  // import never undoes a revocation
      kept += (kept.empty() ? "" : ";") + o.official_id;
    }
  }
  const std::string entry = disclosure::OperatorEntry(
      Context(ctx), OperatorActor(ctx), "import_officials",
      {{"file", BaseName(path)},
       {"file_sha256", digest},
       {"officials", ids},
       {"still_revoked", kept},
       {"rows_rejected", std::to_string(read.rejected.size())}});
  // Staged again when another command committed meanwhile.
  TG_RETURN_IF_ERROR(
      ctx.ledger->CommitRetrying([&]() -> Result<storage::WriteSet> {
        ctx.ledger->Stage(entry);
        storage::WriteSet ws;
        ws.officials = read.rows;
        return ws;
      }));
  if (!kept.empty()) {
    read.warnings.push_back(
        path +
        ": these officials stay revoked (an import never undoes a "
        "revocation; taxgate officials reinstate ID --note TEXT "
        "does): " +
        kept);
  }
  return LoadSummary{static_cast<int64_t>(read.rows.size()),
                     std::move(read.rejected), std::move(read.warnings)};
}

Status RevokeOfficial(const OperatorContext& ctx, const std::string& id,
                      const std::string& effective) {
  const std::string today = ctx.time.substr(0, 10);
  std::string date = effective.empty() ? today : effective;
  if (!ParseIsoDate(date)) {
    return Status::InvalidArgument("--effective: got '" + effective +
                                   "', want a YYYY-MM-DD date");
  }
  if (date > today) {
    return Status::InvalidArgument(
        "--effective " + date + " is after today (" + today +
        "): a revocation takes effect when it is recorded, or from an "
        "earlier date");
  }
  TG_ASSIGN_OR_RETURN(auto officials, ctx.db->ReadOfficials());
  for (auto& o : officials) {
    if (o.official_id != id) continue;
    std::string before(Trim(o.revoked_on));
    // A revocation is never postponed.
    if (!before.empty() && before < date) date = before;
    o.revoked_on = date;
    ctx.ledger->Stage(disclosure::OperatorEntry(
        Context(ctx), OperatorActor(ctx), "revoke_official",
        {{"official_id", id}, {"revoked_on", date}, {"recorded_on", today}}));
    storage::WriteSet ws;
    ws.officials = {o};
    return ctx.ledger->Commit(std::move(ws));
  }
  return Status::NotFound("official '" + id + "' is not in the registry");
}

Status ReinstateOfficial(const OperatorContext& ctx, const std::string& id,
                         const std::string& note) {
  if (Trim(note).empty()) {
    return Status::InvalidArgument(
        "--note: say why the revocation is lifted and on whose authority");
  }
  TG_ASSIGN_OR_RETURN(auto officials, ctx.db->ReadOfficials());
  for (auto& o : officials) {
    if (o.official_id != id) continue;
    if (Trim(o.revoked_on).empty()) {
      return Status::FailedPrecondition("official '" + id + "' is not revoked");
    }
    std::string was = o.revoked_on;
    o.revoked_on.clear();
    ctx.ledger->Stage(disclosure::OperatorEntry(
        Context(ctx), OperatorActor(ctx), "reinstate_official",
        {{"official_id", id}, {"was_revoked_on", was}, {"note", note}}));
    storage::WriteSet ws;
    ws.officials = {o};
    return ctx.ledger->Commit(std::move(ws));
  }
  return Status::NotFound("official '" + id + "' is not in the registry");
}

namespace {

Status CheckFlag(const std::string& kind, const std::string& key) {
  if (kind != storage::kFlagLegalHold && kind != storage::kFlagWithheldI6) {
    return Status::InvalidArgument("unknown flag kind '" + kind + "'");
  }
  if (key.empty()) return Status::InvalidArgument("flag key is empty");
  if (kind == storage::kFlagWithheldI6 &&
      (key.size() != 9 || DigitsOnly(key) != key)) {
    return Status::InvalidArgument("--tin: want 9 digits (dashes allowed)");
  }
  return Status::Ok();
}

// What the audit log may say about a flag's key: the agency in clear, a
// taxpayer only as a keyed digest.
std::pair<std::string, std::string> FlagSubject(const OperatorContext& ctx,
                                                const std::string& kind,
                                                const std::string& key) {
  if (kind == storage::kFlagLegalHold) return {"agency", key};
  return {"tin_digest", disclosure::KeyedDigest(ctx.key, key)};
}

}  // namespace

Status SetFlag(const OperatorContext& ctx, const storage::Flag& given) {
  storage::Flag flag = given;
  if (flag.kind == storage::kFlagLegalHold) {
    flag.key = text::AgencyCode(flag.key);
  }
  TG_RETURN_IF_ERROR(CheckFlag(flag.kind, flag.key));
  ctx.ledger->Stage(
      disclosure::OperatorEntry(Context(ctx), OperatorActor(ctx), "set_flag",
                                {{"kind", flag.kind},
                                 FlagSubject(ctx, flag.kind, flag.key),
                                 {"note", flag.note},
                                 {"set_on", flag.set_on}}));
  // A withheld taxpayer is stored by a keyed digest, never by TIN.
  if (flag.kind == storage::kFlagWithheldI6) {
    flag.key = disclosure::WithheldTinKey(ctx.key, flag.key);
  }
  storage::WriteSet ws;
  ws.set_flags = {flag};
  return ctx.ledger->Commit(std::move(ws));
}

Status LiftFlag(const OperatorContext& ctx, const std::string& kind,
                const std::string& given) {
  TG_RETURN_IF_ERROR(CheckFlag(kind, given));
  TG_ASSIGN_OR_RETURN(auto flags, ctx.db->ReadFlags(kind));
  // Agency codes compare case-insensitively; the stored key is lifted.
  bool found = false;
  std::string key = given;
  const std::string digest = disclosure::WithheldTinKey(ctx.key, given);
  for (const auto& f : flags) {
    bool same = kind == storage::kFlagLegalHold
                    ? text::AgencyCode(f.key) == text::AgencyCode(given)
                    : f.key == digest;
    if (same) {
      found = true;
      key = f.key;
    }
  }
  if (!found) {
    return Status::NotFound(kind == storage::kFlagLegalHold
                                ? "no legal hold is set on agency '" + key + "'"
                                : "no (i)(6) flag is set on that TIN");
  }
  ctx.ledger->Stage(
      disclosure::OperatorEntry(Context(ctx), OperatorActor(ctx), "lift_flag",
                                {{"kind", kind}, FlagSubject(ctx, kind, key)}));
  storage::WriteSet ws;
  ws.lift_flags = {storage::Flag{kind, key, "", ""}};
  return ctx.ledger->Commit(std::move(ws));
}

Status LogOperatorAction(
    const OperatorContext& ctx, const std::string& action,
    const std::vector<std::pair<std::string, std::string>>& facts) {
  return ctx.ledger->CommitRetrying([&]() -> Result<storage::WriteSet> {
    ctx.ledger->Stage(disclosure::OperatorEntry(
        Context(ctx), OperatorActor(ctx), action, facts));
    return storage::WriteSet{};
  });
}

Result<int64_t> ProtectWithheldFlags(const OperatorContext& ctx) {
  TG_ASSIGN_OR_RETURN(auto stored, ctx.db->ReadFlags(storage::kFlagWithheldI6));
  if (std::none_of(stored.begin(), stored.end(), [](const storage::Flag& f) {
        return CheckFlag(f.kind, f.key).ok();
      })) {
    return 0;
  }
  int64_t count = 0;
  TG_RETURN_IF_ERROR(
      ctx.ledger->CommitRetrying([&]() -> Result<storage::WriteSet> {
        TG_ASSIGN_OR_RETURN(auto flags,
                            ctx.db->ReadFlags(storage::kFlagWithheldI6));
        storage::WriteSet ws;
        for (const auto& f : flags) {
          if (!CheckFlag(f.kind, f.key).ok()) continue;  // a digest already
          storage::Flag digest = f;
          digest.key = disclosure::WithheldTinKey(ctx.key, f.key);
          ws.lift_flags.push_back(f);
          ws.set_flags.push_back(digest);
        }
        count = static_cast<int64_t>(ws.set_flags.size());
        if (count > 0) {
          ctx.ledger->Stage(disclosure::OperatorEntry(
              Context(ctx), OperatorActor(ctx), "protect_withheld_flags",
              {{"flags", std::to_string(count)}}));
        }
        return ws;
      }));
  return count;
}

}  // namespace taxgate::pipeline
