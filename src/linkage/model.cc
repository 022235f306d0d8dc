#include "linkage/model.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/crypto.h"

namespace taxgate::linkage {
namespace {

// {m, u} per level, strongest first; see comparison.h for the levels.
struct Prior {
  int field;
  std::array<std::pair<double, double>, kMaxLevels> levels;
};

const Prior kPriors[] = {
    {0,
     {{{0.86, 0.004},
       {0.04, 0.0006},
       {0.03, 0.001},
       {0.03, 0.003},
       {0.02, 0.03},
       {0.02, 0.9614}}}},
    {1, {{{0.8, 0.02}, {0.15, 0.05}, {0.05, 0.93}}}},
    {2,
     {{{0.83, 0.0008},
       {0.02, 0.00005},
       {0.06, 0.0004},
       {0.04, 0.002},
       {0.02, 0.02},
       {0.01, 0.02},
       {0.02, 0.95675}}}},
    {3,
     {{{0.9, 0.00004},
       {0.02, 0.00002},
       {0.04, 0.0005},
       {0.02, 0.012},
       {0.02, 0.98746}}}},
    {4, {{{0.7, 0.0001}, {0.08, 0.0001}, {0.05, 0.005}, {0.17, 0.9948}}}},
    {5, {{{0.75, 0.0008}, {0.07, 0.0004}, {0.06, 0.01}, {0.12, 0.9888}}}},
    {6, {{{0.7, 0.001}, {0.1, 0.002}, {0.2, 0.997}}}},
    {7,
     {{{0.92, 0.0000005},
       {0.02, 0.0000001},
       {0.03, 0.000009},
       {0.03, 0.9999904}}}},
};

}  // namespace

Model DefaultModel() {
  Model m;
  for (const Prior& p : kPriors) {
    for (int l = 0; l < NumLevels(p.field); ++l) {
      m.params[p.field][l] = {p.levels[l].first, p.levels[l].second};
    }
  }
  m.lambda = 1e-7;
  m.version = "taxgate-linkage-1/default";
  return m;
}

std::string ModelToJson(const Model& m) {
  nlohmann::ordered_json j;
  j["version"] = m.version;
  j["lambda"] = m.lambda;
  j["target_precision"] = m.target_precision;
  j["match_threshold"] = m.match_threshold;
  j["possible_threshold"] = m.possible_threshold;
  j["ambiguity_margin"] = m.ambiguity_margin;
  j["no_identifier_extra_weight"] = m.no_identifier_extra_weight;
  j["tf_adjustment"] = m.tf_adjustment;
  j["tf_minimum_u"] = m.tf_minimum_u;
  nlohmann::ordered_json comps = nlohmann::ordered_json::array();
  for (int f = 0; f < kNumFields; ++f) {
    nlohmann::ordered_json levels = nlohmann::ordered_json::array();
    for (int l = 0; l < NumLevels(f); ++l) {
      nlohmann::ordered_json lv;
      const LevelDescriptor& d = DescribeLevel(f, static_cast<uint8_t>(l));
      lv["level"] = d.name;
      lv["condition"] = d.condition;
      lv["agreeing_identifier"] = d.agreeing_identifier;
      lv["disagrees"] = d.disagrees;
      lv["m_probability"] = m.params[f][l].m_probability;
      lv["u_probability"] = m.params[f][l].u_probability;
      lv["match_weight"] = m.Weight(f, l);
      levels.push_back(lv);
    }
    comps.push_back({{"field", FieldName(f)}, {"levels", levels}});
  }
  j["comparisons"] = comps;
  return j.dump(2) + "\n";
}

Result<Model> ModelFromJson(const std::string& text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // The line and column of the byte the parser stopped at (1-based).
    const size_t at =
        std::min<size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    size_t line = 1, column = 1;
    for (size_t i = 0; i < at; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return Status::InvalidArgument(
        "model: not valid JSON at line " + std::to_string(line) + ", column " +
        std::to_string(column) +
        (at >= text.size() ? " (the text ends too early)" : ""));
  } catch (const nlohmann::json::exception& e) {
    // Not a syntax error (a number too large for a double...).
    return Status::InvalidArgument(std::string("model: not valid JSON: ") +
                                   e.what());
  }
  if (!j.is_object()) {
    return Status::InvalidArgument("model: not a JSON object");
  }
  Model m;
  try {
    m.version = j.value("version", std::string());
    m.lambda = j.at("lambda").get<double>();
    if (j.contains("target_precision")) {
      m.target_precision = j.at("target_precision").get<double>();
      m.match_threshold = j.value("match_threshold", m.target_precision);
    } else {
      // A model file from before target_precision (its match threshold
      // was the only one): keep its threshold, target at most 99.9%.
      m.match_threshold = j.value("match_threshold", m.target_precision);
      m.target_precision = std::min(0.999, m.match_threshold);
    }
    m.possible_threshold = j.value("possible_threshold", m.possible_threshold);
    m.ambiguity_margin = j.value("ambiguity_margin", m.ambiguity_margin);
    m.no_identifier_extra_weight =
        j.value("no_identifier_extra_weight", m.no_identifier_extra_weight);
    m.tf_adjustment = j.value("tf_adjustment", m.tf_adjustment);
    m.tf_minimum_u = j.value("tf_minimum_u", m.tf_minimum_u);
    std::array<bool, kNumFields> seen{};
    for (const auto& c : j.at("comparisons")) {
      std::string field = c.at("field").get<std::string>();
      int f = -1;
      for (int k = 0; k < kNumFields; ++k) {
        if (field == FieldName(k)) f = k;
      }
      if (f < 0)
        return Status::InvalidArgument("model: unknown field '" + field + "'");
      std::array<bool, kMaxLevels> level_seen{};
      for (const auto& lv : c.at("levels")) {
        std::string name = lv.at("level").get<std::string>();
        int l = -1;
        for (int k = 0; k < NumLevels(f); ++k) {
          if (name == LevelName(f, k)) l = k;
        }
        if (l < 0) {
          return Status::InvalidArgument("model: field '" + field +
                                         "': unknown level '" + name + "'");
        }
        // The meaning of a level is this program's: a file that says
        // otherwise was made for another one (or edited by mistake).
        const LevelDescriptor& d = DescribeLevel(f, static_cast<uint8_t>(l));
        if (lv.contains("agreeing_identifier") &&
            lv.at("agreeing_identifier").get<bool>() != d.agreeing_identifier) {
          return Status::InvalidArgument(
              "model: field '" + field + "' level '" + name +
              "': agreeing_identifier must be " +
              (d.agreeing_identifier ? "true" : "false") +
              " (the meaning of a level is fixed: " + d.condition + ")");
        }
        if (lv.contains("disagrees") &&
            lv.at("disagrees").get<bool>() != d.disagrees) {
          return Status::InvalidArgument(
              "model: field '" + field + "' level '" + name +
              "': disagrees must be " + (d.disagrees ? "true" : "false"));
        }
        double mp = lv.at("m_probability").get<double>();
        double up = lv.at("u_probability").get<double>();
        if (!(mp > 0 && mp <= 1) || !(up > 0 && up <= 1)) {
          return Status::InvalidArgument("model: field '" + field +
                                         "' level '" + name +
                                         "': probabilities must be in (0, 1]");
        }
        m.params[f][l] = {mp, up};
        level_seen[l] = true;
      }
      for (int k = 0; k < NumLevels(f); ++k) {
        if (!level_seen[k]) {
          return Status::InvalidArgument("model: field '" + field +
                                         "': level '" + LevelName(f, k) +
                                         "' missing");
        }
      }
      seen[f] = true;
    }
    for (int f = 0; f < kNumFields; ++f) {
      if (!seen[f]) {
        return Status::InvalidArgument(std::string("model: comparison '") +
                                       FieldName(f) + "' missing");
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("model: ") + e.what());
  }
  if (!(m.lambda > 0 && m.lambda < 1)) {
    return Status::InvalidArgument("model: lambda must be in (0, 1)");
  }
  if (!(m.target_precision >= 0.5 && m.target_precision < 1)) {
    return Status::InvalidArgument(
        "model: target_precision must be in [0.5, 1)");
  }
  if (m.match_threshold < m.target_precision) {
    return Status::InvalidArgument(
        "model: match_threshold below target_precision (a match must be at "
        "least as likely as the precision wanted)");
  }
  if (!(m.possible_threshold >= 0 &&
        m.possible_threshold <= m.match_threshold && m.match_threshold <= 1)) {
    return Status::InvalidArgument(
        "model: want 0 <= possible_threshold <= match_threshold <= 1");
  }
  if (!(m.no_identifier_extra_weight >= 0)) {
    return Status::InvalidArgument(
        "model: no_identifier_extra_weight must be >= 0");
  }
  if (!(m.ambiguity_margin >= 0)) {
    return Status::InvalidArgument("model: ambiguity_margin must be >= 0");
  }
  return m;
}

std::string ModelDigest(const Model& m) {
  return ToHex(Sha256(ModelToJson(m)));
}

}  // namespace taxgate::linkage
