#include "pipeline/witnesses.h"

#include <algorithm>
#include <optional>

#include "audit/checkpoint.h"
#include "audit/cosignature.h"
#include "audit/merkle.h"
#include "common/file_util.h"
#include "common/strings.h"
#include "pipeline/checkpoints.h"

namespace taxgate::pipeline {
namespace {

// A meta value, or "" when never set.
Result<std::string> MetaOrEmpty(storage::Database* db, const std::string& key) {
  auto v = db->ReadMeta(key);
  if (v.ok()) return *v;
  if (v.status().code() == StatusCode::kNotFound) return std::string();
  return v.status();
}

std::string Excerpt(const std::string& body) {
  std::string s(Trim(body));
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  if (s.size() > 200) s = s.substr(0, 200) + "...";
  return s;
}

// The first `n` leaf hashes of the log.
Result<std::vector<Hash256>> LeafHashes(storage::Database* db, int64_t n) {
  std::vector<Hash256> out;
  Status s = db->ScanAuditLeaves([&](const storage::AuditLeaf& l) {
    if (static_cast<int64_t>(out.size()) >= n) return Status::Aborted("done");
    out.push_back(l.leaf_hash);
    return Status::Ok();
  });
  if (!s.ok() && s.code() != StatusCode::kAborted) return s;
  if (static_cast<int64_t>(out.size()) < n) {
    return Status::DataLoss("audit log holds " + std::to_string(out.size()) +
                            " entries, its checkpoint signs " +
                            std::to_string(n));
  }
  return out;
}

// Why a witness said no, in words, from its status code.
std::string Refusal(const witness::HttpReply& r, uint64_t old_size) {
  std::string why;
  switch (r.status) {
    case 400:
      why = "refused the request as malformed";
      break;
    case 403:
      why =
          "refused the log's signature (is the log's verifier key in its "
          "configuration?)";
      break;
    case 404:
      why =
          "does not witness this log (add its verifier key to the witness's "
          "--log)";
      break;
    case 409:
      why = "holds another size than the one sent";
      break;
    case 422:
      why = "refused: the tree does not extend the one it cosigned at size " +
            std::to_string(old_size) +
            " (the log was cut, rewritten or forked since)";
      break;
    default:
      why = "answered HTTP " + std::to_string(r.status);
  }
  std::string body = Excerpt(r.body);
  if (!body.empty()) why += ": " + body;
  return why;
}

}  // namespace

Result<std::vector<witness::WitnessEndpoint>> LoadWitnesses(
    const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) {
    return Status::NotFound(path + ": cannot read the witnesses file");
  }
  return witness::ParseWitnesses(*text, path);
}

std::string CosignatureMetaKey(const std::string& witness, int64_t tree_size) {
  return "cosignature/" + witness + "/" + std::to_string(tree_size);
}

std::string WitnessSizeMetaKey(const std::string& witness) {
  return "witness/" + witness + "/size";
}

int CosignReport::Cosigned() const {
  return static_cast<int>(
      std::count_if(outcomes.begin(), outcomes.end(),
                    [](const WitnessOutcome& o) { return o.cosigned; }));
}

std::vector<std::string> CosignReport::Warnings() const {
  std::vector<std::string> out;
  for (const auto& o : outcomes) {
    if (!o.cosigned) {
      out.push_back("witness " + o.witness + " did not cosign checkpoint " +
                    std::to_string(tree_size) + ": " + o.problem);
    }
  }
  return out;
}

Result<CosignReport> CollectCosignatures(
    storage::Database* db,
    const std::vector<witness::WitnessEndpoint>& witnesses,
    const witness::Transport& transport, bool always_send) {
  CosignReport report;
  TG_ASSIGN_OR_RETURN(auto latest, LatestCheckpoint(db));
  if (!latest) {
    for (const auto& w : witnesses) {
      report.outcomes.push_back(
          {w.name, false, false, -1, "the log has no signed checkpoint yet"});
    }
    return report;
  }
  const int64_t size = latest->tree_size;
  report.tree_size = size;
  std::string text, signatures;
  TG_RETURN_IF_ERROR(witness::SplitNote(latest->note, &text, &signatures));
  std::optional<std::vector<Hash256>> leaves;  // read when a proof is needed
  storage::WriteSet ws;
  for (const auto& w : witnesses) {
    WitnessOutcome o;
    o.witness = w.name;
    TG_ASSIGN_OR_RETURN(std::string last,
                        MetaOrEmpty(db, WitnessSizeMetaKey(w.name)));
    const auto last_size = ParseInt(last);
    uint64_t old_size = 0;
    if (last_size && *last_size >= 0 && *last_size <= size) {
      old_size = static_cast<uint64_t>(*last_size);
    }
    TG_ASSIGN_OR_RETURN(std::string stored,
                        MetaOrEmpty(db, CosignatureMetaKey(w.name, size)));
    if (!stored.empty() && !always_send && (!last_size || *last_size <= size)) {
      auto v = audit::VerifyCosignatures(text, stored, {w.key});
      if (v.ok() && !v->empty()) {
        o.cosigned = true;
        report.outcomes.push_back(o);
        continue;
      }
    }
    o.requested = true;
    for (int attempt = 0; attempt < 2; ++attempt) {
      witness::AddCheckpointRequest req;
      req.old_size = old_size;
      req.checkpoint = latest->note;
      if (old_size > 0 && old_size < static_cast<uint64_t>(size)) {
        if (!leaves) {
          TG_ASSIGN_OR_RETURN(auto hashes, LeafHashes(db, size));
          leaves = std::move(hashes);
        }
        req.proof = audit::ConsistencyProof(*leaves, old_size, size);
      }
      witness::HttpReply r = transport.post(w.url + "/add-checkpoint",
                                            witness::FormatAddCheckpoint(req));
      if (!r.error.empty()) {
        o.problem = "unreachable: " + r.error;
        break;
      }
      if (r.status == 409) {
        auto held = ParseInt(Trim(r.body));
        if (!held || *held < 0) {
          o.problem = "answered 409 without a size";
          break;
        }
        o.witness_size = *held;
        if (*held > size) {
          o.problem = "it has cosigned " + std::to_string(*held) +
                      " entries of this log, the log's checkpoint signs " +
                      std::to_string(size) +
                      ": entries were lost (the log was cut, or an older "
                      "copy restored)";
          break;
        }
        if (attempt == 0 && static_cast<uint64_t>(*held) != old_size) {
          old_size = static_cast<uint64_t>(*held);
          continue;
        }
        o.problem = Refusal(r, old_size);
        break;
      }
      if (r.status != 200) {
        o.problem = Refusal(r, old_size);
        break;
      }
      auto v = audit::VerifyCosignatures(text, r.body, {w.key});
      if (!v.ok() || v->empty()) {
        o.problem = "answered 200 without a valid cosignature by its key " +
                    w.key.ToString() +
                    (v.ok() ? std::string() : ": " + v.status().message());
        break;
      }
      o.cosigned = true;
      o.witness_size = size;
      ws.meta.emplace_back(CosignatureMetaKey(w.name, size), (*v)[0].line);
      ws.meta.emplace_back(WitnessSizeMetaKey(w.name), std::to_string(size));
      break;
    }
    report.outcomes.push_back(o);
  }
  if (!ws.meta.empty()) TG_RETURN_IF_ERROR(db->Commit(ws));
  return report;
}

Result<std::string> CosignedNote(
    storage::Database* db, const storage::CheckpointRow& checkpoint,
    const std::vector<witness::WitnessEndpoint>& witnesses) {
  std::string text, signatures;
  TG_RETURN_IF_ERROR(witness::SplitNote(checkpoint.note, &text, &signatures));
  std::string note = checkpoint.note;
  for (const auto& w : witnesses) {
    TG_ASSIGN_OR_RETURN(
        std::string stored,
        MetaOrEmpty(db, CosignatureMetaKey(w.name, checkpoint.tree_size)));
    if (stored.empty()) continue;
    auto v = audit::VerifyCosignatures(text, stored, {w.key});
    if (v.ok() && !v->empty() && note.find((*v)[0].line) == std::string::npos) {
      note += (*v)[0].line;
    }
  }
  return note;
}

Result<WitnessCheck> CheckWitnesses(
    storage::Database* db,
    const std::vector<witness::WitnessEndpoint>& witnesses, int min,
    const witness::Transport& transport) {
  WitnessCheck check;
  check.required = min;
  TG_ASSIGN_OR_RETURN(auto latest, LatestCheckpoint(db));
  if (!latest) {
    return Status::FailedPrecondition(
        "the log has no signed checkpoint: nothing for witnesses to cosign");
  }
  check.tree_size = latest->tree_size;
  TG_ASSIGN_OR_RETURN(std::string origin, LogOrigin(db));
  std::string text, signatures;
  TG_RETURN_IF_ERROR(witness::SplitNote(latest->note, &text, &signatures));
  std::vector<std::string> keys_counted;
  for (const auto& w : witnesses) {
    // The witness's own latest view of this log.
    std::string served;
    witness::HttpReply r = transport.get(
        w.url + "/" + witness::OriginHash(origin) + "/checkpoint");
    if (!r.error.empty()) {
      check.unreachable.push_back(w.name + ": " + r.error);
    } else if (r.status == 404) {
      check.unreachable.push_back(w.name +
                                  ": has cosigned no checkpoint of this log");
    } else if (r.status != 200) {
      check.unreachable.push_back(w.name + ": answered HTTP " +
                                  std::to_string(r.status));
    } else {
      std::string served_text, served_sigs;
      auto v =
          witness::SplitNote(r.body, &served_text, &served_sigs).ok()
              ? audit::VerifyCosignatures(served_text, served_sigs, {w.key})
              : Result<std::vector<audit::VerifiedCosignature>>(
                    Status::InvalidArgument("not a note"));
      if (v.ok() && !v->empty()) {
        check.witness_views.push_back(
            {"of witness " + w.name + " (" + w.url + ")", r.body});
        if (served_text == text) served = served_sigs;
      } else {
        check.unreachable.push_back(
            w.name + ": its checkpoint does not carry its valid cosignature");
      }
    }
    TG_ASSIGN_OR_RETURN(
        std::string stored,
        MetaOrEmpty(db, CosignatureMetaKey(w.name, latest->tree_size)));
    bool valid = false;
    std::string why = "no cosignature of checkpoint " +
                      std::to_string(latest->tree_size) +
                      " stored or served (send it: taxgate audit witness)";
    for (const std::string* lines : {&stored, &served}) {
      if (lines->empty() || valid) continue;
      auto v = audit::VerifyCosignatures(text, *lines, {w.key});
      if (v.ok() && !v->empty()) {
        valid = true;
      } else if (!v.ok()) {
        why = "cosignature does not verify: " + v.status().message();
      }
    }
    const std::string key = w.key.ToString();
    if (valid && std::find(keys_counted.begin(), keys_counted.end(), key) !=
                     keys_counted.end()) {
      valid = false;
      why = "the same key as another witness of the file (counted once)";
    }
    if (valid) {
      keys_counted.push_back(key);
      check.cosigned_by.push_back(w.name);
    } else {
      check.missing.push_back(w.name + ": " + why);
    }
  }
  return check;
}

}  // namespace taxgate::pipeline
