#include "normalize/tables.h"

#include <algorithm>

#include "common/strings.h"

namespace taxgate::normalize {

Tables BuiltinTables() {
  Tables t;
  for (const char* p : {"DE LA", "DE LAS", "DE LOS", "VAN DER", "DE", "DEL",
                        "Y", "DA", "DOS", "DI", "VAN", "VON", "DU"}) {
    t.particles.push_back(SplitWords(p));
  }
  std::stable_sort(
      t.particles.begin(), t.particles.end(),
      [](const auto& a, const auto& b) { return a.size() > b.size(); });
  const char* suffixes[][2] = {
      {"STREET", "ST"},      {"ST", "ST"},       {"STR", "ST"},
      {"AVENUE", "AVE"},     {"AVE", "AVE"},     {"AV", "AVE"},
      {"ROAD", "RD"},        {"RD", "RD"},       {"DRIVE", "DR"},
      {"DR", "DR"},          {"LANE", "LN"},     {"LN", "LN"},
      {"BOULEVARD", "BLVD"}, {"BLVD", "BLVD"},   {"COURT", "CT"},
      {"CT", "CT"},          {"PLACE", "PL"},    {"PL", "PL"},
      {"CIRCLE", "CIR"},     {"CIR", "CIR"},     {"WAY", "WAY"},
      {"TERRACE", "TER"},    {"HIGHWAY", "HWY"}, {"PARKWAY", "PKWY"}};
  for (auto& s : suffixes) t.street_suffixes[s[0]] = s[1];
  const char* dirs[][2] = {{"NORTH", "N"},      {"SOUTH", "S"},
                           {"EAST", "E"},       {"WEST", "W"},
                           {"NORTHEAST", "NE"}, {"NORTHWEST", "NW"},
                           {"SOUTHEAST", "SE"}, {"SOUTHWEST", "SW"}};
  for (auto& d : dirs) {
    t.directionals[d[0]] = d[1];
    t.directionals[d[1]] = d[1];
  }
  const char* units[][2] = {
      {"APARTMENT", "APT"}, {"APT", "APT"},   {"SUITE", "STE"},
      {"STE", "STE"},       {"UNIT", "UNIT"}, {"ROOM", "RM"},
      {"RM", "RM"},         {"FLOOR", "FL"},  {"FL", "FL"},
      {"BUILDING", "BLDG"}, {"BLDG", "BLDG"}, {"LOT", "LOT"},
      {"TRAILER", "TRLR"},  {"TRLR", "TRLR"}};
  for (auto& u : units) t.unit_designators[u[0]] = u[1];
  return t;
}

}  // namespace taxgate::normalize
