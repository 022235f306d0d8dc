#include "normalize/tables.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "common/csv_reader.h"
#include "common/strings.h"
#include "normalize/text.h"

namespace taxgate::normalize {
namespace {

// Calls `fn(get)` for every row of the file `name`, where get(column)
// returns the cleaned value ("" when absent).
Status ForEachRow(
    const InputFiles& files, std::string_view name,
    const std::vector<std::string>& required,
    const std::function<
        void(const std::function<std::string(std::string_view)>&)>& fn) {
  TG_ASSIGN_OR_RETURN(const InputFile* f, files.Get(name));
  return ForEachCsvRow(
      f->path, f->bytes, required,
      [&](const ColumnMap& cols, const CsvRow& row) {
        fn([&](std::string_view c) { return CleanText(cols.Get(row, c)); });
        return Status::Ok();
      });
}

}  // namespace

Result<Tables> BuildTables(const InputFiles& files) {
  Tables t;
  TG_ASSIGN_OR_RETURN(t.usps, ParseUsps(files));
  TG_RETURN_IF_ERROR(ForEachRow(files, "reference/name_particles.csv",
                                {"particle"}, [&](auto get) {
                                  auto words = SplitWords(get("particle"));
                                  if (!words.empty())
                                    t.particles.push_back(std::move(words));
                                }));
  std::stable_sort(
      t.particles.begin(), t.particles.end(),
      [](const auto& a, const auto& b) { return a.size() > b.size(); });
  std::vector<std::pair<std::string, std::string>> pairs;
  auto add_pairs = [&](auto get) {
    pairs.emplace_back(get("name"), get("nickname"));
  };
  TG_RETURN_IF_ERROR(ForEachRow(files, "reference/nicknames.csv",
                                {"name", "nickname"}, add_pairs));
  TG_RETURN_IF_ERROR(ForEachRow(files, "spanish_hypocorisms.csv",
                                {"name", "nickname"}, add_pairs));
  t.nicknames = NicknameTable(pairs);
  for (const auto& s : t.usps.suffixes) {
    std::string abbr = CleanText(s.abbreviation);
    t.street_suffixes[CleanText(s.variant)] = abbr;
    t.street_suffixes[CleanText(s.primary)] = abbr;
    t.street_suffixes[abbr] = abbr;
  }
  for (const auto& d : t.usps.directionals) {
    std::string abbr = CleanText(d.abbreviation);
    t.directionals[CleanText(d.word)] = abbr;
    t.directionals[abbr] = abbr;
  }
  for (const auto& u : t.usps.units) {
    std::string abbr = CleanText(u.abbreviation);
    if (abbr.empty() || u.designator == "#") continue;  // '#' cleans to ""
    t.unit_designators[CleanText(u.designator)] = abbr;
    t.unit_designators[abbr] = abbr;
  }
  for (const auto& s : t.usps.states) {
    std::string abbr = CleanText(s.code);
    t.states[CleanText(s.name)] = abbr;
    t.states[abbr] = abbr;
  }
  for (const auto& p : t.usps.spanish_prefixes) {
    t.spanish_street_prefixes[CleanText(p.prefix)] = CleanText(p.abbreviation);
  }
  TG_RETURN_IF_ERROR(
      ForEachRow(files, "reference/census2000_surnames_top50000.csv", {"name"},
                 [&](auto get) { t.known_surnames.insert(get("name")); }));
  TG_RETURN_IF_ERROR(
      ForEachRow(files, "reference/census_spanish_surnames.csv", {"surname"},
                 [&](auto get) { t.known_surnames.insert(get("surname")); }));
  return t;
}

}  // namespace taxgate::normalize
