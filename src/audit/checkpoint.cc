#include "audit/checkpoint.h"

#include <cstring>

#include "common/strings.h"

namespace taxgate::audit {

std::string Checkpoint::Text() const {
  std::string out =
      origin + "\n" + std::to_string(size) + "\n" +
      Base64Encode(std::string_view(reinterpret_cast<const char*>(root.data()),
                                    root.size())) +
      "\n";
  for (const auto& e : extensions) out += e + "\n";
  return out;
}

Result<Checkpoint> ParseCheckpoint(std::string_view text) {
  if (text.empty() || text.back() != '\n') {
    return Status::InvalidArgument("checkpoint: must end with a newline");
  }
  std::vector<std::string> lines = Split(text.substr(0, text.size() - 1), '\n');
  if (lines.size() < 3) {
    return Status::InvalidArgument(
        "checkpoint: want origin, tree size and root hash lines");
  }
  Checkpoint c;
  c.origin = lines[0];
  if (c.origin.empty()) {
    return Status::InvalidArgument("checkpoint: line 1: empty origin");
  }
  const std::string& size = lines[1];
  bool digits =
      !size.empty() && size.size() <= 20 && (size == "0" || size[0] != '0');
  for (char ch : size) digits = digits && ch >= '0' && ch <= '9';
  auto parsed = ParseInt(size);
  if (!digits || !parsed || *parsed < 0) {
    return Status::InvalidArgument("checkpoint: line 2: tree size '" + size +
                                   "' is not a decimal number");
  }
  c.size = static_cast<uint64_t>(*parsed);
  auto root = Base64Decode(lines[2]);
  if (!root || root->size() != c.root.size()) {
    return Status::InvalidArgument(
        "checkpoint: line 3: root hash is not base64 of 32 bytes");
  }
  std::memcpy(c.root.data(), root->data(), c.root.size());
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      return Status::InvalidArgument("checkpoint: line " +
                                     std::to_string(i + 1) + ": empty line");
    }
    c.extensions.push_back(lines[i]);
  }
  return c;
}

}  // namespace taxgate::audit
