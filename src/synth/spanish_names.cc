#include "synth/spanish_names.h"

#include <algorithm>
#include <string_view>
#include <utility>

namespace taxgate::synth {
namespace {

using Pair = std::pair<std::string_view, std::string_view>;

// Sorted by key at first use.
std::vector<Pair> SortedAccents() {
  std::vector<Pair> v = {
      {"JOSE", "JOSÉ"},
      {"MARIA", "MARÍA"},
      {"JESUS", "JESÚS"},
      {"PENA", "PEÑA"},
      {"NUNEZ", "NÚÑEZ"},
      {"RAMIREZ", "RAMÍREZ"},
      {"GONZALEZ", "GONZÁLEZ"},
      {"MARTINEZ", "MARTÍNEZ"},
      {"HERNANDEZ", "HERNÁNDEZ"},
      {"PEREZ", "PÉREZ"},
      {"SANCHEZ", "SÁNCHEZ"},
      {"GOMEZ", "GÓMEZ"},
      {"DIAZ", "DÍAZ"},
      {"RODRIGUEZ", "RODRÍGUEZ"},
      {"LOPEZ", "LÓPEZ"},
      {"GARCIA", "GARCÍA"},
      {"FERNANDEZ", "FERNÁNDEZ"},
      {"GUTIERREZ", "GUTIÉRREZ"},
      {"JIMENEZ", "JIMÉNEZ"},
      {"ALVAREZ", "ÁLVAREZ"},
      {"VAZQUEZ", "VÁZQUEZ"},
      {"VASQUEZ", "VÁSQUEZ"},
      {"MUNOZ", "MUÑOZ"},
      {"IBANEZ", "IBÁÑEZ"},
      {"CASTANEDA", "CASTAÑEDA"},
      {"MEJIA", "MEJÍA"},
      {"DAVILA", "DÁVILA"},
      {"SUAREZ", "SUÁREZ"},
      {"MENDEZ", "MÉNDEZ"},
      {"MARQUEZ", "MÁRQUEZ"},
      {"DOMINGUEZ", "DOMÍNGUEZ"},
      {"BENITEZ", "BENÍTEZ"},
      {"RIOS", "RÍOS"},
      {"LEON", "LEÓN"},
      {"CHAVEZ", "CHÁVEZ"},
      {"VELAZQUEZ", "VELÁZQUEZ"},
      {"ORDONEZ", "ORDÓÑEZ"},
      {"NUNO", "NUÑO"},
      {"ANGEL", "ÁNGEL"},
      {"ANGELES", "ÁNGELES"},
      {"RAMON", "RAMÓN"},
      {"CONCEPCION", "CONCEPCIÓN"},
      {"ADRIAN", "ADRIÁN"},
      {"ANDRES", "ANDRÉS"},
      {"JOAQUIN", "JOAQUÍN"},
      {"SEBASTIAN", "SEBASTIÁN"},
      {"HECTOR", "HÉCTOR"},
      {"OSCAR", "ÓSCAR"},
      {"RAUL", "RAÚL"},
      {"RUBEN", "RUBÉN"},
      {"CESAR", "CÉSAR"},
      {"EFRAIN", "EFRAÍN"},
      {"ELIAS", "ELÍAS"},
      {"MATIAS", "MATÍAS"},
      {"TOMAS", "TOMÁS"},
      {"NICOLAS", "NICOLÁS"},
      {"FELIX", "FÉLIX"},
      {"MONICA", "MÓNICA"},
      {"VERONICA", "VERÓNICA"},
      {"SOFIA", "SOFÍA"},
      {"LUCIA", "LUCÍA"},
      {"ROCIO", "ROCÍO"},
      {"BELEN", "BELÉN"},
      {"INES", "INÉS"},
      {"ASUNCION", "ASUNCIÓN"},
      {"GERMAN", "GERMÁN"},
      {"ESTEFANIA", "ESTEFANÍA"},
      {"ANAHI", "ANAHÍ"},
      {"NOE", "NOÉ"},
      {"MOISES", "MOISÉS"},
      {"ISAIAS", "ISAÍAS"},
      {"BENJAMIN", "BENJAMÍN"},
      {"FERMIN", "FERMÍN"},
      {"MAXIMO", "MÁXIMO"},
      {"ALVARO", "ÁLVARO"},
  };
  std::sort(v.begin(), v.end());
  return v;
}

const std::vector<Pair>& Accents() {
  static const std::vector<Pair> kAccents = SortedAccents();
  return kAccents;
}

// Spanish hypocorisms, one row per pair.
const std::vector<Pair>& Hypocorisms() {
  static const std::vector<Pair> kPairs = [] {
    std::vector<Pair> v = {
        {"JOSE", "PEPE"},         {"JOSE", "CHEPE"},
        {"FRANCISCO", "PACO"},    {"FRANCISCO", "PANCHO"},
        {"FRANCISCO", "FRANK"},   {"GUADALUPE", "LUPE"},
        {"GUADALUPE", "LUPITA"},  {"JESUS", "CHUY"},
        {"JESUS", "CHUCHO"},      {"GUILLERMO", "MEMO"},
        {"EDUARDO", "LALO"},      {"IGNACIO", "NACHO"},
        {"ALBERTO", "BETO"},      {"ROBERTO", "BETO"},
        {"HUMBERTO", "BETO"},     {"DOLORES", "LOLA"},
        {"CONCEPCION", "CONCHA"}, {"CONCEPCION", "CONCHITA"},
        {"ROSARIO", "CHAYO"},     {"ENRIQUE", "KIKE"},
        {"MANUEL", "MANOLO"},     {"ANTONIO", "TONO"},
        {"REFUGIO", "CUCO"},      {"SANTIAGO", "CHAGO"},
        {"MERCEDES", "MECHE"},    {"ISABEL", "CHABELA"},
        {"GRACIELA", "CHELA"},    {"RAMON", "MONCHO"},
        {"RODOLFO", "RUDY"},      {"RODOLFO", "FITO"},
        {"ADOLFO", "FITO"},       {"GUSTAVO", "TAVO"},
        {"OCTAVIO", "TAVO"},      {"ALEJANDRO", "ALEX"},
        {"ALEJANDRA", "ALE"},     {"FERNANDO", "NANDO"},
        {"ROSA", "ROSITA"},       {"JAVIER", "JAVI"},
        {"CRISTINA", "CRIS"},     {"TERESA", "TERE"},
        {"ESPERANZA", "LANCHA"},  {"ANUNCIACION", "CHONA"},
        {"ASUNCION", "CHONA"},    {"SOCORRO", "COCO"},
        {"ARMANDO", "MANDO"},     {"LUIS", "WICHO"},
        {"ALFREDO", "FREDDY"},    {"DANIEL", "DANY"},
    };
    std::sort(v.begin(), v.end());
    return v;
  }();
  return kPairs;
}

}  // namespace

std::string_view AccentedForm(std::string_view upper_ascii) {
  const auto& v = Accents();
  auto it = std::lower_bound(
      v.begin(), v.end(), upper_ascii,
      [](const Pair& a, std::string_view b) { return a.first < b; });
  if (it != v.end() && it->first == upper_ascii) return it->second;
  return {};
}

std::vector<std::string_view> SpanishNicknames(std::string_view upper_ascii) {
  const auto& v = Hypocorisms();
  std::vector<std::string_view> out;
  auto it = std::lower_bound(
      v.begin(), v.end(), upper_ascii,
      [](const Pair& a, std::string_view b) { return a.first < b; });
  for (; it != v.end() && it->first == upper_ascii; ++it) {
    out.push_back(it->second);
  }
  return out;
}

const std::vector<CompoundGivenName>& CompoundGivenNames(bool female) {
  static const std::vector<CompoundGivenName> kFemale = {
      {"MARIA", "GUADALUPE", 6},   {"MARIA", "DE LOS ANGELES", 4},
      {"MARIA", "DEL CARMEN", 5},  {"MARIA", "ELENA", 4},
      {"ANA", "MARIA", 4},         {"MARIA", "JOSE", 2},
      {"MARIA", "FERNANDA", 2},    {"MARIA", "LUISA", 3},
      {"MARIA", "TERESA", 3},      {"MARIA", "DE JESUS", 3},
      {"MARIA", "DEL ROSARIO", 2}, {"MARIA", "ISABEL", 3},
      {"MARIA", "DE LA LUZ", 2},   {"ANA", "LUCIA", 1},
      {"MARIA", "CONCEPCION", 1},  {"MARIA", "DOLORES", 1},
  };
  static const std::vector<CompoundGivenName> kMale = {
      {"JOSE", "LUIS", 8},      {"JUAN", "CARLOS", 7}, {"JOSE", "ANTONIO", 5},
      {"MIGUEL", "ANGEL", 6},   {"JUAN", "JOSE", 3},   {"JOSE", "MANUEL", 4},
      {"LUIS", "ALBERTO", 3},   {"JUAN", "MANUEL", 3}, {"JOSE", "GUADALUPE", 2},
      {"JOSE", "DE JESUS", 2},  {"JUAN", "PABLO", 2},  {"JOSE", "ALFREDO", 1},
      {"LUIS", "FERNANDO", 2},  {"JOSE", "MARIA", 1},  {"JUAN", "FRANCISCO", 1},
      {"JOSE", "FRANCISCO", 1},
  };
  return female ? kFemale : kMale;
}

const std::vector<std::string_view>& SpanishStreetNames() {
  static const std::vector<std::string_view> kNames = {
      "REAL",        "DEL SOL",   "LUNA",       "LAS FLORES",   "SAN JOSE",
      "SANTA ROSA",  "DEL RIO",   "PRINCIPAL",  "DEL MAR",      "LOS ROBLES",
      "DE LA PAZ",   "ESPERANZA", "LOMA LINDA", "SAN MIGUEL",   "SANTA FE",
      "LAS PALMAS",  "DEL NORTE", "MIRAMAR",    "EL CAMINO",    "LOS ALAMOS",
      "SAN ANTONIO", "DE ORO",    "LA CRUZ",    "SAN PATRICIO", "TULIPAN",
      "GARDENIA",    "AMAPOLA",   "SAN JUAN",   "DEL PARQUE",   "LAS LOMAS",
      "SOL",         "VERDE",
  };
  return kNames;
}

}  // namespace taxgate::synth
