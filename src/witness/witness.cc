#include "witness/witness.h"

#include <utility>

#include "audit/checkpoint.h"
#include "audit/merkle.h"
#include "common/strings.h"
#include "witness/protocol.h"

namespace taxgate::witness {
namespace {

Response Answer(int status, std::string body, std::string summary) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  if (!r.body.empty() && r.body.back() != '\n') r.body += "\n";
  r.summary = std::move(summary);
  return r;
}

Response Refuse(int status, const std::string& why) {
  return Answer(status, why, why);
}

// The signature lines of `signatures` by the key name `name`.
std::string LinesBy(std::string_view signatures, const std::string& name) {
  std::string out;
  const std::string prefix = "\xE2\x80\x94 " + name + " ";
  for (const std::string& line : Split(signatures, '\n')) {
    if (StartsWith(line, prefix)) out += line + "\n";
  }
  return out;
}

}  // namespace

std::vector<WitnessedLog> LogsFromVerifiers(
    const std::vector<audit::NoteVerifier>& keys) {
  std::vector<WitnessedLog> logs;
  for (const auto& k : keys) {
    WitnessedLog* log = nullptr;
    for (auto& l : logs) {
      if (l.origin == k.name) log = &l;
    }
    if (!log) {
      logs.push_back(WitnessedLog{k.name, {}});
      log = &logs.back();
    }
    log->keys.push_back(k);
  }
  return logs;
}

Witness::Witness(audit::Cosigner key, std::vector<WitnessedLog> logs,
                 StateStore* store, std::function<uint64_t()> clock)
    : key_(std::move(key)),
      logs_(std::move(logs)),
      store_(store),
      clock_(std::move(clock)) {}

const WitnessedLog* Witness::FindLog(std::string_view origin) const {
  for (const auto& l : logs_) {
    if (l.origin == origin) return &l;
  }
  return nullptr;
}

Response Witness::AddCheckpoint(std::string_view body) {
  auto req = ParseAddCheckpoint(body);
  if (!req.ok()) return Refuse(400, req.status().message());
  std::string text, signatures;
  if (Status s = SplitNote(req->checkpoint, &text, &signatures); !s.ok()) {
    return Refuse(400, "add-checkpoint: " + s.message());
  }
  auto cp = audit::ParseCheckpoint(text);
  if (!cp.ok()) return Refuse(400, "add-checkpoint: " + cp.status().message());
  const WitnessedLog* log = FindLog(cp->origin);
  if (!log) {
    return Refuse(404, "unknown log '" + cp->origin + "'");
  }
  auto opened = audit::OpenNote(req->checkpoint, log->keys);
  if (!opened.ok()) {
    const int code =
        opened.status().code() == StatusCode::kInvalidArgument ? 400 : 403;
    return Refuse(code, cp->origin + ": " + opened.status().message());
  }
  const std::string what = cp->origin + " old " +
                           std::to_string(req->old_size) + " -> " +
                           std::to_string(cp->size);
  if (req->old_size > cp->size) {
    return Refuse(400, what + ": the old size is above the checkpoint's");
  }
  if (cp->size == 0 && cp->root != audit::EmptyRoot()) {
    return Refuse(422, what + ": an empty tree's root must be SHA-256(\"\")");
  }

  std::lock_guard<std::mutex> lock(mu_);
  auto state = store_->Load(cp->origin);
  if (!state.ok()) {
    return Refuse(500, what + ": cannot read the witness's state: " +
                           state.status().message());
  }
  const uint64_t latest = *state ? (*state)->size : 0;
  if (req->old_size != latest) {
    Response r = Answer(
        409, std::to_string(latest),
        what + ": 409, the witness cosigned size " + std::to_string(latest));
    r.content_type = kSizeContentType;
    return r;
  }
  if (req->old_size == 0) {
    if (!req->proof.empty()) {
      return Refuse(422, what + ": a proof from the empty tree must be empty");
    }
  } else if (req->old_size == cp->size) {
    if (cp->root != (*state)->root || !req->proof.empty()) {
      return Refuse(422, what +
                             ": same size as the tree cosigned, another "
                             "root: the log forked");
    }
  } else {
    Status s = audit::VerifyConsistency(req->old_size, cp->size, (*state)->root,
                                        cp->root, req->proof);
    if (!s.ok()) {
      return Refuse(422, what +
                             ": the consistency proof does not verify "
                             "(the log was rewritten or forked): " +
                             s.message());
    }
  }
  auto line = audit::Cosign(text, key_, clock_());
  if (!line.ok()) return Refuse(500, what + ": " + line.status().message());
  LogState next;
  next.size = cp->size;
  next.root = cp->root;
  next.note = text + "\n" + LinesBy(signatures, cp->origin) + *line;
  if (Status s = store_->Save(cp->origin, next); !s.ok()) {
    return Refuse(500,
                  what + ": state not saved, nothing cosigned: " + s.message());
  }
  return Answer(200, *line, what + ": cosigned");
}

Response Witness::GetCheckpoint(std::string_view origin_hash) {
  for (const auto& log : logs_) {
    if (OriginHash(log.origin) != AsciiLower(origin_hash)) continue;
    std::lock_guard<std::mutex> lock(mu_);
    auto state = store_->Load(log.origin);
    if (!state.ok()) return Refuse(500, state.status().message());
    if (!*state) {
      return Refuse(404, log.origin + ": nothing cosigned yet");
    }
    return Answer(
        200, (*state)->note,
        log.origin + ": served checkpoint " + std::to_string((*state)->size));
  }
  return Refuse(404, "unknown log");
}

}  // namespace taxgate::witness
