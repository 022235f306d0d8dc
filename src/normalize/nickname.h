// NicknameTable: which given names are familiar forms of one another.
//
// Built from (formal name, nickname) pairs: nicknames.csv (English) and
// spanish_hypocorisms.csv. The relation is an undirected graph read this way:
// a nickname is equivalent to each of its formal names and to other
// nicknames of the same formal name (BOB ~ ROBERT ~ ROB); two formal names
// that merely share a nickname are not (ALBERTO !~ ROBERTO although both are
// BETO). Names are folded upper-case ASCII; a formal name may be compound
// ("JOSE MARIA" ~ "CHEMA").
//
// Immutable after construction; thread-safe for concurrent reads.
#ifndef TAXGATE_NORMALIZE_NICKNAME_H_
#define TAXGATE_NORMALIZE_NICKNAME_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace taxgate::normalize {

class NicknameTable {
 public:
  NicknameTable() = default;
  // `pairs` are (formal, nickname); both are cleaned with CleanText.
  explicit NicknameTable(
      const std::vector<std::pair<std::string, std::string>>& pairs);

  // The groups (one per formal name) `name` belongs to, sorted; empty when
  // the name is in no pair.
  const std::vector<uint32_t>& Groups(std::string_view name) const;
  // The formal name of a group ("JOSE"). REQUIRES: group came from Groups.
  const std::string& FormalName(uint32_t group) const {
    return formal_names_[group];
  }
  // True when a != b and they share a group.
  bool Equivalent(std::string_view a, std::string_view b) const;
  // True when the sorted group lists intersect.
  static bool Intersect(const std::vector<uint32_t>& a,
                        const std::vector<uint32_t>& b);
  size_t size() const { return groups_.size(); }

 private:
  std::unordered_map<std::string, std::vector<uint32_t>> groups_;
  std::vector<std::string> formal_names_;  // by group id
};

}  // namespace taxgate::normalize

#endif  // TAXGATE_NORMALIZE_NICKNAME_H_
