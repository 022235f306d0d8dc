#include "normalize/nickname.h"

#include <algorithm>

#include "normalize/text.h"

namespace taxgate::normalize {

NicknameTable::NicknameTable(
    const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::unordered_map<std::string, uint32_t> formal_ids;
  for (const auto& [formal_raw, nick_raw] : pairs) {
    std::string formal = CleanText(formal_raw);
    std::string nick = CleanText(nick_raw);
    if (formal.empty() || nick.empty()) continue;
    auto [it, inserted] =
        formal_ids.emplace(formal, static_cast<uint32_t>(formal_ids.size()));
    uint32_t id = it->second;
    if (inserted) formal_names_.push_back(formal);
    groups_[formal].push_back(id);
    groups_[nick].push_back(id);
  }
  for (auto& [name, ids] : groups_) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }
  // A formal name that is also someone's nickname (AL is formal in no list,
  // but e.g. RON may be) keeps all its groups: that is the graph.
}

const std::vector<uint32_t>& NicknameTable::Groups(
    std::string_view name) const {
  static const std::vector<uint32_t> kEmpty;
  auto it = groups_.find(std::string(name));
  return it == groups_.end() ? kEmpty : it->second;
}

bool NicknameTable::Intersect(const std::vector<uint32_t>& a,
                              const std::vector<uint32_t>& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) return true;
    if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return false;
}

bool NicknameTable::Equivalent(std::string_view a, std::string_view b) const {
  if (a.empty() || b.empty() || a == b) return false;
  return Intersect(Groups(a), Groups(b));
}

}  // namespace taxgate::normalize
