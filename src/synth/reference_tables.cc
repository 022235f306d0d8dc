#include "synth/reference_tables.h"

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "common/csv_reader.h"
#include "common/file_util.h"
#include "common/strings.h"

namespace taxgate::synth {
namespace {

// Rows of `file` as the values of `columns`, in that order.
Result<std::vector<std::vector<std::string>>> ReadColumns(
    const std::string& dir, const std::string& file,
    const std::vector<std::string>& columns) {
  std::string path = dir + "/" + file;
  if (!FileExists(path)) {
    return Status::NotFound(path + ": reference list missing");
  }
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) return reader.status();
  auto map = ColumnMap::Build(file, (*reader)->header(), columns, {});
  if (!map.ok()) return map.status();
  std::vector<std::vector<std::string>> rows;
  CsvRow row;
  while (true) {
    auto more = (*reader)->Next(&row);
    if (!more.ok()) return more.status();
    if (!*more) break;
    std::vector<std::string> values;
    values.reserve(columns.size());
    for (const auto& c : columns) values.emplace_back(map->Get(row, c));
    rows.push_back(std::move(values));
  }
  if (rows.empty()) return Status::InvalidArgument(path + ": no rows");
  return rows;
}

double ToDouble(const std::string& s, double fallback) {
  if (s.empty()) return fallback;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  return end && *end == '\0' ? v : fallback;
}

bool InSorted(const std::vector<std::string>& v, std::string_view s) {
  auto it = std::lower_bound(v.begin(), v.end(), s,
                             [](const std::string& a, std::string_view b) {
                               return std::string_view(a) < b;
                             });
  return it != v.end() && *it == s;
}

}  // namespace

Result<ReferenceTables> ReferenceTables::Load(const std::string& data_dir) {
  const std::string dir = data_dir + "/reference";
  ReferenceTables t;

  TG_ASSIGN_OR_RETURN(auto surnames,
                      ReadColumns(dir, "census2000_surnames_top50000.csv",
                                  {"name", "count", "pcthispanic"}));
  for (auto& r : surnames) {
    t.surnames.push_back(
        {AsciiUpper(r[0]), ToDouble(r[1], 0), ToDouble(r[2], -1)});
  }

  TG_ASSIGN_OR_RETURN(
      auto spanish,
      ReadColumns(dir, "census_spanish_surnames.csv", {"surname"}));
  for (auto& r : spanish) t.spanish_surnames.push_back(AsciiUpper(r[0]));
  std::sort(t.spanish_surnames.begin(), t.spanish_surnames.end());

  TG_ASSIGN_OR_RETURN(
      auto first, ReadColumns(dir, "ssa_first_names_top50000.csv",
                              {"name", "count", "count_female", "count_male",
                               "count_1940_2023"}));
  for (auto& r : first) {
    t.first_names.push_back({AsciiUpper(r[0]), ToDouble(r[1], 0),
                             ToDouble(r[2], 0), ToDouble(r[3], 0),
                             ToDouble(r[4], 0)});
  }

  TG_ASSIGN_OR_RETURN(auto race,
                      ReadColumns(dir, "first_names_race_ethnicity.csv",
                                  {"name", "p_hispanic"}));
  for (auto& r : race) {
    if (ToDouble(r[1], 0) >= 0.5) {
      t.hispanic_first_names.push_back(AsciiUpper(r[0]));
    }
  }
  std::sort(t.hispanic_first_names.begin(), t.hispanic_first_names.end());

  TG_ASSIGN_OR_RETURN(auto particles,
                      ReadColumns(dir, "name_particles.csv", {"particle"}));
  for (auto& r : particles) t.particles.push_back(AsciiUpper(r[0]));

  TG_ASSIGN_OR_RETURN(auto nick,
                      ReadColumns(dir, "nicknames.csv", {"name", "nickname"}));
  for (auto& r : nick) {
    t.nicknames.emplace_back(AsciiUpper(r[0]), AsciiUpper(r[1]));
  }
  std::sort(t.nicknames.begin(), t.nicknames.end());

  TG_ASSIGN_OR_RETURN(
      auto suffixes,
      ReadColumns(dir, "usps_street_suffixes.csv",
                  {"primary_name", "variant", "standard_abbreviation"}));
  for (auto& r : suffixes) {
    t.suffixes.push_back(
        {AsciiUpper(r[0]), AsciiUpper(r[1]), AsciiUpper(r[2])});
  }

  TG_ASSIGN_OR_RETURN(auto units, ReadColumns(dir, "usps_secondary_units.csv",
                                              {"designator", "abbreviation",
                                               "requires_secondary_range"}));
  for (auto& r : units) {
    t.units.push_back({AsciiUpper(r[0]), r[1], r[2] == "Y"});
  }

  TG_ASSIGN_OR_RETURN(auto dirs,
                      ReadColumns(dir, "usps_directionals.csv",
                                  {"directional", "abbreviation", "language"}));
  for (auto& r : dirs) {
    if (r[2] == "en") t.directionals.emplace_back(r[0], r[1]);
  }

  TG_ASSIGN_OR_RETURN(auto prefixes,
                      ReadColumns(dir, "usps_spanish_street_prefixes.csv",
                                  {"spanish_prefix", "standard_abbreviation"}));
  for (auto& r : prefixes) t.spanish_street_prefixes.emplace_back(r[0], r[1]);

  return t;
}

bool ReferenceTables::IsSpanishSurname(std::string_view upper) const {
  return InSorted(spanish_surnames, upper);
}

bool ReferenceTables::IsHispanicFirstName(std::string_view upper) const {
  return InSorted(hispanic_first_names, upper);
}

std::vector<std::string_view> ReferenceTables::NicknamesOf(
    std::string_view upper_name) const {
  std::vector<std::string_view> out;
  auto it = std::lower_bound(
      nicknames.begin(), nicknames.end(), upper_name,
      [](const std::pair<std::string, std::string>& a, std::string_view b) {
        return std::string_view(a.first) < b;
      });
  for (; it != nicknames.end() && it->first == upper_name; ++it) {
    out.push_back(it->second);
  }
  return out;
}

}  // namespace taxgate::synth
