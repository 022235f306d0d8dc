#include "synth/name_generator.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "synth/address_generator.h"
#include "synth/reference_tables.h"
#include "synth/spanish_names.h"
#include "test_util.h"

namespace taxgate::synth {
namespace {

class NameGeneratorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto t = ReferenceTables::Load(testing::SourceDir() + "/data");
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    tables_ = new ReferenceTables(std::move(t).value());
    names_ = new NameGenerator(*tables_);
  }
  static void TearDownTestSuite() {
    delete names_;
    delete tables_;
  }
  static ReferenceTables* tables_;
  static NameGenerator* names_;
};

ReferenceTables* NameGeneratorTest::tables_ = nullptr;
NameGenerator* NameGeneratorTest::names_ = nullptr;

TEST_F(NameGeneratorTest, RestoresParticlesOfGluedSurnames) {
  EXPECT_EQ(names_->RestoreParticle("DELACRUZ"), "DE LA CRUZ");
  EXPECT_EQ(names_->RestoreParticle("DELEON"), "DE LEON");
  EXPECT_EQ(names_->RestoreParticle("DELOSSANTOS"), "DE LOS SANTOS");
  EXPECT_EQ(names_->RestoreParticle("DELRIO"), "DEL RIO");
  EXPECT_EQ(names_->RestoreParticle("DELUNA"), "DE LUNA");
  EXPECT_EQ(names_->RestoreParticle("DELAO"), "DE LA O");
  EXPECT_EQ(names_->RestoreParticle("DELAFUENTE"), "DE LA FUENTE");
  EXPECT_EQ(names_->RestoreParticle("DEJESUS"), "DE JESUS");
  EXPECT_EQ(names_->RestoreParticle("DELGADO"), "DELGADO");
  EXPECT_EQ(names_->RestoreParticle("DERAS"), "DERAS");
  EXPECT_EQ(names_->RestoreParticle("SMITH"), "SMITH");
}

TEST_F(NameGeneratorTest, RendersTheWaysPeopleWriteNames) {
  PersonName n;
  n.given = "MARIA";
  n.second_given = "DE LOS ANGELES";
  n.paternal = "DE LA CRUZ";
  n.maternal = "RUIZ";
  n.hispanic = true;
  NameStyle s;
  FiledName f = RenderName(n, s);
  EXPECT_EQ(f.first, "MARIA DE LOS ANGELES");
  EXPECT_EQ(f.last, "DE LA CRUZ RUIZ");
  s.letter_case = LetterCase::kTitle;
  s.lower_particles = true;
  s.accents = true;
  f = RenderName(n, s);
  EXPECT_EQ(f.first, "María de los Ángeles");
  EXPECT_EQ(f.last, "de la Cruz Ruiz");
  s = NameStyle();
  s.surname = SurnameForm::kBothHyphen;
  s.given = GivenForm::kCompoundSplit;
  s.particle = ParticleForm::kJoined;
  f = RenderName(n, s);
  EXPECT_EQ(f.first, "MARIA");
  EXPECT_EQ(f.middle, "DE LOS ANGELES");
  EXPECT_EQ(f.last, "DELACRUZ-RUIZ");
  s.surname = SurnameForm::kFirstOnly;
  s.middle = MiddleForm::kInitial;
  s.particle = ParticleForm::kDropped;
  f = RenderName(n, s);
  EXPECT_EQ(f.middle, "D");
  EXPECT_EQ(f.last, "CRUZ");
  s.surname = SurnameForm::kSwapped;
  s.particle = ParticleForm::kSpaced;
  EXPECT_EQ(RenderName(n, s).last, "RUIZ DE LA CRUZ");
}

TEST_F(NameGeneratorTest, AccentsAndSpanishNicknames) {
  EXPECT_EQ(AccentedForm("JOSE"), "JOSÉ");
  EXPECT_EQ(AccentedForm("NUNEZ"), "NÚÑEZ");
  EXPECT_EQ(AccentedForm("SMITH"), "");
  auto paco = SpanishNicknames("FRANCISCO");
  EXPECT_NE(std::find(paco.begin(), paco.end(), "PACO"), paco.end());
  EXPECT_NE(std::find(paco.begin(), paco.end(), "PANCHO"), paco.end());
  for (auto [name, nick] : {std::pair{"JOSE", "PEPE"},
                            {"GUADALUPE", "LUPE"},
                            {"JESUS", "CHUY"},
                            {"GUILLERMO", "MEMO"},
                            {"EDUARDO", "LALO"},
                            {"IGNACIO", "NACHO"},
                            {"ALBERTO", "BETO"},
                            {"DOLORES", "LOLA"},
                            {"CONCEPCION", "CONCHA"},
                            {"ROSARIO", "CHAYO"}}) {
    auto v = SpanishNicknames(name);
    EXPECT_NE(std::find(v.begin(), v.end(), nick), v.end()) << name;
  }
  EXPECT_FALSE(tables_->NicknamesOf("WILLIAM").empty());
}

TEST_F(NameGeneratorTest, HispanicPeopleOftenHaveTwoSurnames) {
  Rng rng(11);
  int two = 0, spanish = 0, middle = 0;
  for (int i = 0; i < 2000; ++i) {
    PersonName n = names_->Generate(rng, true, i % 2 == 0);
    two += n.maternal.empty() ? 0 : 1;
    spanish += tables_->IsSpanishSurname(n.paternal) ||
                       n.paternal.find(' ') != std::string::npos
                   ? 1
                   : 0;
    PersonName o = names_->Generate(rng, false, i % 2 == 0);
    EXPECT_TRUE(o.maternal.empty());
    middle += o.middle.empty() ? 0 : 1;
  }
  EXPECT_GT(two, 1500);
  EXPECT_GT(spanish, 1600);
  EXPECT_GT(middle, 1100);
}

TEST_F(NameGeneratorTest, AddressesRenderInUspsForms) {
  auto g = AddressGenerator::Create(*tables_);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  Rng rng(12);
  int units = 0, zip_plus4 = 0;
  for (int i = 0; i < 500; ++i) {
    Address a = g->Generate(rng, i % 5 == 0);
    AddressStyle s;
    s.zip4 = i % 2 == 0;
    FiledAddress f = g->Render(rng, a, s);
    EXPECT_GE(f.street.size(), 5u) << f.street;
    EXPECT_TRUE(f.street[0] >= '1' && f.street[0] <= '9') << f.street;
    EXPECT_EQ(f.state.size(), 2u);
    EXPECT_TRUE(f.zip.size() == 5 || f.zip.size() == 10) << f.zip;
    units += f.unit.empty() ? 0 : 1;
    zip_plus4 += f.zip.size() == 10 ? 1 : 0;
  }
  EXPECT_GT(units, 50);
  EXPECT_EQ(zip_plus4, 250);
}

}  // namespace
}  // namespace taxgate::synth
