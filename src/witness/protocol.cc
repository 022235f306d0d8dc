#include "witness/protocol.h"

#include <cstring>

#include "common/strings.h"

namespace taxgate::witness {
namespace {

// A decimal with no leading zeros ("0" alone for zero).
bool ParseSize(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 19 || (s.size() > 1 && s[0] == '0')) {
    return false;
  }
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

bool ValidLabel(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string FormatAddCheckpoint(const AddCheckpointRequest& request) {
  std::string out = "old " + std::to_string(request.old_size) + "\n";
  for (const Hash256& h : request.proof) {
    out += Base64Encode(std::string_view(
               reinterpret_cast<const char*>(h.data()), h.size())) +
           "\n";
  }
  out += "\n";
  out += request.checkpoint;
  return out;
}

Result<AddCheckpointRequest> ParseAddCheckpoint(std::string_view body) {
  AddCheckpointRequest r;
  size_t eol = body.find('\n');
  if (eol == std::string_view::npos || !StartsWith(body, "old ") ||
      !ParseSize(body.substr(4, eol - 4), &r.old_size)) {
    return Status::InvalidArgument(
        "add-checkpoint: line 1: want 'old <size>' (a decimal, no leading "
        "zeros)");
  }
  body.remove_prefix(eol + 1);
  for (int line = 2;; ++line) {
    eol = body.find('\n');
    if (eol == std::string_view::npos) {
      return Status::InvalidArgument(
          "add-checkpoint: no empty line before the checkpoint");
    }
    std::string_view l = body.substr(0, eol);
    body.remove_prefix(eol + 1);
    if (l.empty()) break;
    if (r.proof.size() == kMaxProofLines) {
      return Status::InvalidArgument(
          "add-checkpoint: more than 63 proof lines");
    }
    auto h = Base64Decode(l);
    if (!h || h->size() != 32) {
      return Status::InvalidArgument("add-checkpoint: line " +
                                     std::to_string(line) +
                                     ": a proof line is base64 of 32 bytes");
    }
    Hash256 hash;
    std::memcpy(hash.data(), h->data(), hash.size());
    r.proof.push_back(hash);
  }
  if (body.empty()) {
    return Status::InvalidArgument("add-checkpoint: no checkpoint");
  }
  r.checkpoint = std::string(body);
  return r;
}

std::string OriginHash(std::string_view origin) {
  return ToHex(Sha256(origin));
}

Status SplitNote(std::string_view note, std::string* text,
                 std::string* signatures) {
  size_t split = note.find("\n\n");
  if (split == std::string_view::npos) {
    return Status::InvalidArgument("note: no empty line before the signatures");
  }
  *text = std::string(note.substr(0, split + 1));
  *signatures = std::string(note.substr(split + 2));
  return Status::Ok();
}

Result<std::vector<WitnessEndpoint>> ParseWitnesses(std::string_view text,
                                                    const std::string& file) {
  std::vector<WitnessEndpoint> out;
  std::vector<std::string> lines = Split(text, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = Trim(lines[i]);
    if (line.empty() || line[0] == '#') continue;
    const std::string where = file + ":" + std::to_string(i + 1) + ": ";
    std::vector<std::string> f = SplitWords(line);
    if (f.size() != 3) {
      return Status::InvalidArgument(
          where + "want three fields: name, URL, verifier key (got " +
          std::to_string(f.size()) + ")");
    }
    WitnessEndpoint w;
    w.name = f[0];
    if (!ValidLabel(w.name)) {
      return Status::InvalidArgument(where + "name '" + w.name +
                                     "': want 1 to 64 of A-Z a-z 0-9 . _ -");
    }
    for (const auto& other : out) {
      if (other.name == w.name) {
        return Status::InvalidArgument(where + "name '" + w.name +
                                       "' is used twice");
      }
    }
    w.url = f[1];
    if (!StartsWith(w.url, "http://") && !StartsWith(w.url, "https://")) {
      return Status::InvalidArgument(where + "URL '" + w.url +
                                     "': want http://host:port[/path]");
    }
    while (EndsWith(w.url, "/")) w.url.pop_back();
    auto key = audit::ParseCosignerKey(f[2]);
    if (!key.ok()) {
      return Status::InvalidArgument(where +
                                     "verifier key: " + key.status().message());
    }
    w.key = *key;
    out.push_back(std::move(w));
  }
  if (out.empty()) {
    return Status::InvalidArgument(file + ": lists no witness");
  }
  return out;
}

}  // namespace taxgate::witness
