#include "synth/text_util.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/csv_reader.h"
#include "synth/population.h"
#include "synth/record_ids.h"
#include "synth/rng.h"
#include "synth/weighted_sampler.h"

namespace taxgate::synth {
namespace {

TEST(TextUtilTest, CaseChangesHandleSpanishLetters) {
  EXPECT_EQ(Utf8Upper("José Núñez"), "JOSÉ NÚÑEZ");
  EXPECT_EQ(Utf8Lower("JOSÉ PEÑA"), "josé peña");
  EXPECT_EQ(StripAccents("MARÍA DE LOS ÁNGELES Núñez"),
            "MARIA DE LOS ANGELES Nunez");
}

TEST(TextUtilTest, TitleCaseKeepsParticlesAndUnits) {
  EXPECT_EQ(TitleCase("DE LA CRUZ RUIZ", true), "De la Cruz Ruiz");
  EXPECT_EQ(TitleCase("GARCIA-LOPEZ"), "Garcia-Lopez");
  EXPECT_EQ(TitleCase("MCDONALD"), "McDonald");
  EXPECT_EQ(TitleCase("O'BRIEN"), "O'Brien");
  EXPECT_EQ(TitleCase("1420 N MAIN ST"), "1420 N Main St");
  EXPECT_EQ(TitleCase("5TH AVE"), "5th Ave");
  EXPECT_EQ(TitleCase("APT 3B"), "Apt 3B");
  EXPECT_EQ(TitleCase("JOSÉ ÁNGEL"), "José Ángel");
}

TEST(TextUtilTest, TypoEditsLettersAndKeepsUtf8Valid) {
  Rng rng(1);
  int changed = 0;
  for (int i = 0; i < 200; ++i) {
    std::string t = Typo(rng, "NÚÑEZ GARCÍA", 2);
    EXPECT_EQ(FindInvalidUtf8(t), std::string_view::npos) << t;
    changed += t != "NÚÑEZ GARCÍA" ? 1 : 0;
  }
  EXPECT_GT(changed, 150);
  EXPECT_EQ(Typo(rng, "AB"), "AB");
}

TEST(TextUtilTest, TransposeDigitsSwapsTwoNeighbours) {
  Rng rng(2);
  std::string t = TransposeDigits(rng, "123456789");
  EXPECT_NE(t, "123456789");
  int diff = 0;
  for (size_t i = 0; i < t.size(); ++i) diff += t[i] != "123456789"[i];
  EXPECT_EQ(diff, 2);
  EXPECT_EQ(TransposeDigits(rng, "111"), "111");
}

TEST(TextUtilTest, OrdinalsAndPadding) {
  EXPECT_EQ(Ordinal(1), "1ST");
  EXPECT_EQ(Ordinal(2), "2ND");
  EXPECT_EQ(Ordinal(3), "3RD");
  EXPECT_EQ(Ordinal(11), "11TH");
  EXPECT_EQ(Ordinal(22), "22ND");
  EXPECT_EQ(Ordinal(99), "99TH");
  EXPECT_EQ(ZeroPad(42, 5), "00042");
  EXPECT_EQ(ZeroPad(123456, 3), "123456");
}

TEST(RngTest, SameSeedSameStream) {
  Rng a(MixSeed(9, 1, 5)), b(MixSeed(9, 1, 5)), c(MixSeed(9, 1, 6));
  for (int i = 0; i < 10; ++i) {
    uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    EXPECT_NE(x, c.Next());
  }
}

TEST(WeightedSamplerTest, DrawsInProportion) {
  WeightedSampler s({1, 0, 3});
  Rng rng(3);
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 40000; ++i) ++counts[s.Sample(rng)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[2] / 40000.0, 0.75, 0.02);
}

TEST(RecordIdsTest, IdsAreUniqueAndOpaque) {
  RecordIds ids(4, 1000);
  std::set<std::string> seen;
  int ascending = 0;
  std::string previous;
  for (int64_t p = 0; p < 1000; ++p) {
    for (int slot = 0; slot < RecordIds::kSlotsPerPerson; ++slot) {
      std::string id = ids.Id(p, slot);
      EXPECT_EQ(id.size(), 6u) << id;  // "R" + 5 digits for 16,000 ids
      EXPECT_TRUE(seen.insert(id).second) << id;
      ascending += id > previous ? 1 : 0;
      previous = id;
    }
  }
  EXPECT_LT(ascending, 16000 * 6 / 10);  // not in person order
}

TEST(TinTest, GeneratedTinsAreValid) {
  Rng rng(5);
  for (int i = 0; i < 5000; ++i) {
    std::string ssn = MakeSsn(rng);
    EXPECT_TRUE(IsValidSsn(ssn)) << ssn;
    EXPECT_NE(ssn.substr(0, 3), "666");
    EXPECT_LT(ssn.substr(0, 3), "900");
    std::string itin = MakeItin(rng);
    EXPECT_TRUE(IsValidItin(itin)) << itin;
  }
  EXPECT_FALSE(IsValidSsn("666123456"));
  EXPECT_FALSE(IsValidSsn("123004567"));
  EXPECT_FALSE(IsValidItin("912934567"));  // group 93 is not issued
  EXPECT_TRUE(IsValidItin("912704567"));
}

}  // namespace
}  // namespace taxgate::synth
