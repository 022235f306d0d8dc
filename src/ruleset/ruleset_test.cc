#include "ruleset/ruleset.h"

#include <sys/stat.h>

#include <map>
#include <set>
#include <string>

#include "common/data_dir.h"
#include "common/file_util.h"
#include "gtest/gtest.h"
#include "normalize/address.h"
#include "test_util.h"

namespace taxgate::ruleset {
namespace {

// A copy of the shipped config/ and data/ files the ruleset reads, in a
// temporary folder: config/policy.toml, config/statutes.csv, data/...
class RulesetCopy {
 public:
  RulesetCopy() {
    auto rs = DefaultRuleset();
    EXPECT_TRUE(rs.ok()) << rs.status().ToString();
    if (!rs.ok()) return;
    for (const auto& in : (*rs)->inputs) {
      if (in.name == "unicode" || in.name == "taxgate") continue;
      auto bytes = ReadFile(in.path);
      EXPECT_TRUE(bytes.ok()) << in.path;
      std::string path = dir_.path() + "/" + in.name;
      EXPECT_TRUE(MakeDirs(path.substr(0, path.find_last_of('/'))).ok());
      EXPECT_TRUE(WriteFileAtomically(path, bytes.ok() ? *bytes : "").ok());
      names_.push_back(in.name);
    }
  }
  RulesetOptions Options() const {
    return {.policy_path = dir_.path() + "/config/policy.toml",
            .data_dir = dir_.path() + "/data",
            .model_path = ""};
  }
  std::string Path(const std::string& name) const {
    return dir_.path() + "/" + name;
  }
  const std::vector<std::string>& names() const { return names_; }

 private:
  taxgate::testing::TempDir dir_;
  std::vector<std::string> names_;
};

std::map<std::string, std::string> Digests(const Ruleset& r) {
  std::map<std::string, std::string> out;
  for (const auto& in : r.inputs) out[in.name] = in.sha256;
  return out;
}

TEST(RulesetTest, NamesEveryInputThatCanChangeAnOutcome) {
  auto rs = DefaultRuleset();
  ASSERT_TRUE(rs.ok()) << rs.status().ToString();
  const Ruleset& r = **rs;
  EXPECT_EQ(r.digest.size(), 64u);
  std::set<std::string> names;
  for (const auto& in : r.inputs) names.insert(in.name);
  for (const char* want :
       {"config/policy.toml", "config/statutes.csv",
        "data/reference/usps_states.csv", "data/reference/usps_zip3_states.csv",
        "data/reference/informal_spellings.csv", "data/reference/nicknames.csv",
        "data/spanish_hypocorisms.csv", "unicode", "taxgate"}) {
    EXPECT_TRUE(names.count(want)) << want;
  }
  EXPECT_FALSE(r.model.has_value());
  // The policy's address check reads the tables' USPS vocabulary.
  EXPECT_EQ(r.policy->addresses.StateCode("Texas"), "TX");
  EXPECT_EQ(r.tables->states.at("TEXAS"), "TX");
}

TEST(RulesetTest, TheDigestIsOfContentNotPlace) {
  RulesetCopy copy;
  auto moved = LoadRuleset(copy.Options());
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  auto shipped = DefaultRuleset();
  ASSERT_TRUE(shipped.ok());
  EXPECT_EQ((*moved)->digest, (*shipped)->digest);
}

// Issue 10: change one byte of any table and the digest, and nothing else,
// changes.
TEST(RulesetTest, OneByteOfAnyInputChangesTheDigestAndNothingElse) {
  RulesetCopy copy;
  auto base = LoadRuleset(copy.Options());
  ASSERT_TRUE(base.ok()) << base.status().ToString();
  const auto base_digests = Digests(**base);
  ASSERT_GE(copy.names().size(), 10u);
  for (const auto& name : copy.names()) {
    SCOPED_TRACE(name);
    const std::string path = copy.Path(name);
    auto bytes = ReadFile(path);
    ASSERT_TRUE(bytes.ok());
    // One byte more that changes no rule: a final line break.
    ASSERT_TRUE(WriteFileAtomically(path, *bytes + "\n").ok());
    auto changed = LoadRuleset(copy.Options());
    ASSERT_TRUE(changed.ok()) << changed.status().ToString();
    EXPECT_NE((*changed)->digest, (*base)->digest);
    auto digests = Digests(**changed);
    for (const auto& [n, d] : base_digests) {
      if (n == name) {
        EXPECT_NE(digests[n], d);
      } else {
        EXPECT_EQ(digests[n], d) << n;
      }
    }
    // Nothing else: the same rules.
    EXPECT_EQ((*changed)->policy->version, (*base)->policy->version);
    EXPECT_EQ((*changed)->policy->rules.size(), (*base)->policy->rules.size());
    EXPECT_EQ((*changed)->tables->known_surnames.size(),
              (*base)->tables->known_surnames.size());
    EXPECT_EQ((*changed)->tables->nicknames.size(),
              (*base)->tables->nicknames.size());
    ASSERT_TRUE(WriteFileAtomically(path, *bytes).ok());
  }
  auto back = LoadRuleset(copy.Options());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)->digest, (*base)->digest);
}

TEST(RulesetTest, TheModelFileIsAnInputAndItsParametersHaveADigest) {
  RulesetCopy copy;
  RulesetOptions o = copy.Options();
  linkage::Model m = linkage::DefaultModel();
  o.model_path = copy.Path("model.json");
  ASSERT_TRUE(WriteFileAtomically(o.model_path, linkage::ModelToJson(m)).ok());
  auto a = LoadRuleset(o);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE((*a)->model.has_value());
  EXPECT_EQ(linkage::ModelDigest(*(*a)->model), linkage::ModelDigest(m));
  m.params[0][0].m_probability = 0.91;
  ASSERT_TRUE(WriteFileAtomically(o.model_path, linkage::ModelToJson(m)).ok());
  auto b = LoadRuleset(o);
  ASSERT_TRUE(b.ok());
  EXPECT_NE((*b)->digest, (*a)->digest);
  // Same version, other parameters: the model digest tells them apart.
  EXPECT_EQ((*b)->model->version, (*a)->model->version);
  EXPECT_NE(linkage::ModelDigest(*(*b)->model),
            linkage::ModelDigest(*(*a)->model));
  ASSERT_TRUE(WriteFileAtomically(o.model_path, "{\"lambda\": 2}").ok());
  auto bad = LoadRuleset(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("model.json"), std::string::npos);
}

TEST(RulesetTest, AMissingOrDamagedFileIsAnErrorNamingIt) {
  RulesetCopy copy;
  const std::string nick = copy.Path("data/reference/nicknames.csv");
  auto bytes = ReadFile(nick);
  ASSERT_TRUE(bytes.ok());
  ASSERT_EQ(std::remove(nick.c_str()), 0);
  auto missing = LoadRuleset(copy.Options());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("nicknames.csv"),
            std::string::npos);
  // Damaged: a row cut in half (a quote never closed).
  ASSERT_TRUE(WriteFileAtomically(nick, *bytes + "\"ROBERT,BOB\n").ok());
  auto damaged = LoadRuleset(copy.Options());
  ASSERT_FALSE(damaged.ok());
  EXPECT_NE(damaged.status().message().find("nicknames.csv"), std::string::npos)
      << damaged.status().message();
  // Not a regular file: a folder where a table should be.
  ASSERT_EQ(std::remove(nick.c_str()), 0);
  ASSERT_TRUE(MakeDirs(nick).ok());
  auto folder = LoadRuleset(copy.Options());
  ASSERT_FALSE(folder.ok());
  EXPECT_NE(folder.status().message().find("not a regular file"),
            std::string::npos)
      << folder.status().message();
  // A policy file that is not there.
  RulesetOptions o = copy.Options();
  o.policy_path = copy.Path("config/absent.toml");
  auto no_policy = LoadRuleset(o);
  ASSERT_FALSE(no_policy.ok());
  EXPECT_NE(no_policy.status().message().find("absent.toml"),
            std::string::npos);
}

// Issue 10: one address grammar. The address check and normalization for
// matching read the same lines as boxes, and the same ones as streets.
TEST(RulesetTest, TheCheckAndNormalizationReadBoxesAlike) {
  auto rs = DefaultRuleset();
  ASSERT_TRUE(rs.ok()) << rs.status().ToString();
  const auto& check = (*rs)->policy->addresses;
  const auto& tables = *(*rs)->tables;
  struct Line {
    const char* street;
    bool box;
  };
  const Line lines[] = {
      {"PO Box 12", true},
      {"P.O. Box 12", true},
      {"Box 12", true},
      {"POB 12", true},
      {"Post Office Box 12", true},
      {"Apartado Postal 77", true},
      {"RR 2 Box 15", true},
      {"RR2 Box 15", true},
      {"Rural Route 7 Box 15", true},
      {"HC 1 Box 9", true},
      {"Star Route Box 9", true},
      {"c/o Ana Ruiz, PO Box 12", true},
      {"Walnut Street Shelter, PO Box 5", true},
      {"123 Main St", false},
      {"123 Main St Box 5", false},
      {"Calle Casilla 5", false},
      {"Route 66 Diner, 12 Main St", false},
  };
  for (const Line& l : lines) {
    SCOPED_TRACE(l.street);
    policy::AddressCheck c =
        check.Classify(l.street, "", "Austin", "TX", "78701");
    bool check_box = c.kind == policy::AddressKind::kPoBox ||
                     c.kind == policy::AddressKind::kRuralRoute;
    normalize::Address a = normalize::NormalizeAddress(l.street, "", "Austin",
                                                       "TX", "78701", tables);
    EXPECT_EQ(check_box, l.box) << policy::AddressKindName(c.kind);
    EXPECT_EQ(!a.po_box.empty(), l.box) << a.po_box;
  }
  // Military boxes, with their APO line.
  policy::AddressCheck m =
      check.Classify("PSC 1234 Box 5678", "", "APO", "AE", "09001");
  EXPECT_EQ(m.kind, policy::AddressKind::kMilitary);
  EXPECT_EQ(normalize::NormalizeAddress("PSC 1234 Box 5678", "", "APO", "AE",
                                        "09001", tables)
                .po_box,
            "PSC 1234 BOX 5678");
  // A box after a house number stays with the street, as its unit.
  normalize::Address street_box = normalize::NormalizeAddress(
      "123 Main St Box 5", "", "Austin", "TX", "78701", tables);
  EXPECT_EQ(street_box.house_number, "123");
  EXPECT_EQ(street_box.street_name, "MAIN");
  EXPECT_EQ(street_box.unit, "BOX 5");
}

}  // namespace
}  // namespace taxgate::ruleset
