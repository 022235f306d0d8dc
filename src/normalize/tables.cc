#include "normalize/tables_loader.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "common/csv_reader.h"
#include "common/data_dir.h"
#include "common/strings.h"
#include "normalize/text.h"

namespace taxgate::normalize {
namespace {

// Calls `fn(get)` for every row of `path`, where get(column) returns the
// cleaned value ("" when absent).
Status ForEachRow(
    const std::string& path, const std::vector<std::string>& required,
    const std::function<
        void(const std::function<std::string(std::string_view)>&)>& fn) {
  TG_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  TG_ASSIGN_OR_RETURN(auto cols,
                      ColumnMap::Build(path, reader->header(), required, {}));
  CsvRow row;
  while (true) {
    TG_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    fn([&](std::string_view c) { return CleanText(cols.Get(row, c)); });
  }
  return Status::Ok();
}

}  // namespace

Result<Tables> LoadTables(const std::string& data_dir) {
  Tables t;
  const std::string ref = data_dir + "/reference/";
  TG_RETURN_IF_ERROR(
      ForEachRow(ref + "name_particles.csv", {"particle"}, [&](auto get) {
        auto words = SplitWords(get("particle"));
        if (!words.empty()) t.particles.push_back(std::move(words));
      }));
  std::stable_sort(
      t.particles.begin(), t.particles.end(),
      [](const auto& a, const auto& b) { return a.size() > b.size(); });
  std::vector<std::pair<std::string, std::string>> pairs;
  auto add_pairs = [&](auto get) {
    pairs.emplace_back(get("name"), get("nickname"));
  };
  TG_RETURN_IF_ERROR(
      ForEachRow(ref + "nicknames.csv", {"name", "nickname"}, add_pairs));
  TG_RETURN_IF_ERROR(ForEachRow(data_dir + "/spanish_hypocorisms.csv",
                                {"name", "nickname"}, add_pairs));
  t.nicknames = NicknameTable(pairs);
  TG_RETURN_IF_ERROR(ForEachRow(
      ref + "usps_street_suffixes.csv",
      {"primary_name", "variant", "standard_abbreviation"}, [&](auto get) {
        std::string abbr = get("standard_abbreviation");
        t.street_suffixes[get("variant")] = abbr;
        t.street_suffixes[get("primary_name")] = abbr;
        t.street_suffixes[abbr] = abbr;
      }));
  TG_RETURN_IF_ERROR(ForEachRow(ref + "usps_directionals.csv",
                                {"directional", "abbreviation", "language"},
                                [&](auto get) {
                                  std::string abbr = get("abbreviation");
                                  t.directionals[get("directional")] = abbr;
                                  t.directionals[abbr] = abbr;
                                }));
  TG_RETURN_IF_ERROR(ForEachRow(ref + "usps_secondary_units.csv",
                                {"designator", "abbreviation"}, [&](auto get) {
                                  std::string abbr = get("abbreviation");
                                  if (abbr.empty())
                                    return;  // the '#' row cleans to ""
                                  t.unit_designators[get("designator")] = abbr;
                                  t.unit_designators[abbr] = abbr;
                                }));
  for (const char* informal : {"APTS", "APPT", "APARTMENTS"}) {
    t.unit_designators[informal] = "APT";
  }
  t.unit_designators["SUITES"] = "STE";
  t.unit_designators["SUIT"] = "STE";
  TG_RETURN_IF_ERROR(ForEachRow(ref + "usps_states.csv",
                                {"name", "abbreviation"}, [&](auto get) {
                                  std::string abbr = get("abbreviation");
                                  t.states[get("name")] = abbr;
                                  t.states[abbr] = abbr;
                                }));
  TG_RETURN_IF_ERROR(
      ForEachRow(ref + "usps_spanish_street_prefixes.csv",
                 {"spanish_prefix", "standard_abbreviation"}, [&](auto get) {
                   t.spanish_street_prefixes[get("spanish_prefix")] =
                       get("standard_abbreviation");
                 }));
  TG_RETURN_IF_ERROR(
      ForEachRow(ref + "census2000_surnames_top50000.csv", {"name"},
                 [&](auto get) { t.known_surnames.insert(get("name")); }));
  TG_RETURN_IF_ERROR(
      ForEachRow(ref + "census_spanish_surnames.csv", {"surname"},
                 [&](auto get) { t.known_surnames.insert(get("surname")); }));
  return t;
}

Result<std::shared_ptr<const Tables>> LoadDefaultTables() {
  TG_ASSIGN_OR_RETURN(Tables loaded, LoadTables(DataDir()));
  return std::make_shared<const Tables>(std::move(loaded));
}

}  // namespace taxgate::normalize
