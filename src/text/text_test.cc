#include "text/text.h"

#include <gtest/gtest.h>

namespace taxgate::text {
namespace {

TEST(CleanTest, SpacesDashesQuotesAndIgnorablesAreUnified) {
  EXPECT_EQ(Clean("  Ana\xC2\xA0\xC2\xA0Maria\t "), "Ana Maria");
  EXPECT_EQ(Clean("Unkn\xE2\x80\x8Bown"), "Unknown");        // ZWSP
  EXPECT_EQ(Clean("\xE2\x80\x8FMain St"), "Main St");        // RLM
  EXPECT_EQ(Clean("\xEF\xBB\xBFGarc\xC2\xADia"), "Garcia");  // BOM, SHY
  EXPECT_EQ(Clean("2020\xE2\x80\x93"
                  "2023"),
            "2020-2023");                                      // en dash
  EXPECT_EQ(Clean("Don\xE2\x80\x99t Care"), "Don't Care");     // U+2019
  EXPECT_EQ(Clean("\xE2\x80\x9CN/A\xE2\x80\x9D"), "\"N/A\"");  // curly quotes
  EXPECT_EQ(Clean("a\xE3\x80\x80"
                  "b"),
            "a b");  // ideographic sp
  EXPECT_EQ(Clean("line\r\nbreak"), "line break");
}

TEST(CleanTest, FieldWithNoLetterOrDigitIsEmpty) {
  for (const char* s : {"", " ", "\xE2\x80\x94", "\xE2\x80\xA6", "\xC2\xA0",
                        "\xF0\x9F\x99\x82", "-", "?!", "\xE2\x80\x8B"}) {
    EXPECT_EQ(Clean(s), "") << s;
    EXPECT_TRUE(IsBlank(s)) << s;
  }
  EXPECT_FALSE(IsBlank("\xE6\x9D\x8E"));  // 李
}

TEST(CleanTest, CompatibilityFormsBecomeAscii) {
  EXPECT_EQ(Clean("\xEF\xBC\xB5\xEF\xBC\xAE\xEF\xBC\xAB"), "UNK");  // ＵＮＫ
  EXPECT_EQ(Clean("\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x93"),
            "2023");                                             // ２０２３
  EXPECT_EQ(Clean("\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA3"), "2023");  // Arabic-Indic
  EXPECT_EQ(Clean("\xEF\xAC\x81"
                  "eld"),
            "field");  // ﬁ ligature
}

TEST(CleanTest, VulgarFractionFollowsTheNumberAfterASpace) {
  EXPECT_EQ(Clean("123\xC2\xBD Main St"), "123 1/2 Main St");
  EXPECT_EQ(Clean("123 1\xE2\x81\x84"
                  "2 Main St"),
            "123 1/2 Main St");
}

TEST(FoldTest, LookAlikesCaseAndAccentsFoldTogether) {
  const std::string want = "unknown";
  EXPECT_EQ(Fold("UNKNOWN"), want);
  EXPECT_EQ(Fold("Unkn\xD0\xBEwn"), want);  // Cyrillic о
  EXPECT_EQ(Fold("UNKN\xD0\x9EWN"), want);  // Cyrillic О
  EXPECT_EQ(Fold("\xEF\xBC\xB5\xEF\xBC\xAE\xEF\xBC\xAB\xEF\xBC\xAE\xEF\xBC\xAF"
                 "\xEF\xBC\xB7\xEF\xBC\xAE"),
            want);                                              // full width
  EXPECT_EQ(Fold("unkn\xC3\xB3wn"), want);                      // ó
  EXPECT_EQ(Fold("\xCE\x9D\xCE\x9F\xCE\x9D\xCE\x95"), "none");  // Greek ΝΟΝΕ
  EXPECT_EQ(Fold("\xD0\x9D\xD0\x9EMELESS"), "homeless");        // Cyrillic НО
  EXPECT_EQ(Fold("\xF0\x9D\x90\x94\xF0\x9D\x90\x8D\xF0\x9D\x90\x8A"),
            "unk");  // math bold
}

TEST(FoldTest, NamesOfTheSamePersonFoldAlike) {
  EXPECT_EQ(Fold("JOS\xC3\x89 \xC3\x81NGEL PE\xC3\x91"
                 "A"),
            Fold("Jos\xC3\xA9 \xC3\x81ngel Pe\xC3\xB1"
                 "a"));
  EXPECT_EQ(Fold("JOS\xC3\x89"), "jose");
  EXPECT_EQ(Fold("\xC5\x81ukasz \xC3\x98rsted"), "lukasz orsted");
  EXPECT_EQ(Fold("Stra\xC3\x9F"
                 "e"),
            "strasse");
}

TEST(FoldTest, DigitsAndPunctuationKeepTheirMeaning) {
  EXPECT_EQ(Fold("8 U.S.C. \xC2\xA7 1253(a)(1)"),
            "8 u.s.c. \xC2\xA7 1253(a)(1)");
  EXPECT_EQ(Fold("CR-1001"), "cr-1001");
  EXPECT_EQ(Fold("1O"), "1o");  // ASCII is never remapped
  // A digit of any script is that digit, not the letter it resembles.
  EXPECT_EQ(Fold("\xF0\x9D\x9F\x8F\xF0\x9D\x9F\x8E\xF0\x9D\x9F\x8F"),
            "101");  // mathematical bold
  EXPECT_EQ(Fold("\xD9\xA1\xD9\xA2\xD9\xA2\xD9\xA7"), "1227");  // Arabic-Indic
  EXPECT_EQ(Fold("\xDB\xB1\xDB\xB4"), "14");  // Extended Arabic-Indic
  EXPECT_EQ(Clean("PO Box \xF0\x9D\x9F\x8F\xF0\x9D\x9F\x8E"), "PO Box 10");
  // The Braille blank splits like a space.
  EXPECT_EQ(Fold("Un\xE2\xA0\x80known"), "un known");
  // Combining marks of every kind go: a Devanagari visarga (spacing), an
  // enclosing circle, a vowel sign glued to a Latin word.
  EXPECT_EQ(Fold("vi\xE0\xA4\x83olat\xE2\x83\x9Ding"), "violating");
  EXPECT_EQ(Fold("fraud\xE0\xA4\xBE"), "fraud");
  // After a letter of their own script, vowel signs stay: सीता is not सती.
  EXPECT_NE(Fold("\xE0\xA4\xB8\xE0\xA5\x80\xE0\xA4\xA4\xE0\xA4\xBE"),
            Fold("\xE0\xA4\xB8\xE0\xA4\xA4\xE0\xA5\x80"));
  // Apostrophe-like letters and marks of other scripts are apostrophes.
  EXPECT_EQ(Fold("O\xD5\x9A"
                 "Brien"),
            "o'brien");  // Armenian apostrophe
  EXPECT_EQ(Fold("O\xEA\x9E\x8C"
                 "Brien"),
            "o'brien");  // saltillo
}

TEST(FoldTest, OtherScriptsStayWithTheirLetters) {
  EXPECT_EQ(Fold("\xE6\x9D\x8E\xE5\xA8\x9C"),
            "\xE6\x9D\x8E\xE5\xA8\x9C");  // 李娜
  EXPECT_TRUE(
      HasNonLatinLetter(Fold("\xD0\x9F\xD0\xB5\xD1\x82\xD1\x80\xD0"
                             "\xBE\xD0\xB2")));  // Петров
  EXPECT_FALSE(
      HasNonLatinLetter(Fold("Pe\xC3\xB1"
                             "a")));
}

TEST(WordsTest, SplitsOnPunctuationAndJoinsApostrophes) {
  EXPECT_EQ(Words("don't care"), (std::vector<std::string>{"dont", "care"}));
  EXPECT_EQ(Words("n/a"), (std::vector<std::string>{"n", "a"}));
  EXPECT_EQ(Words("o'brien-smith"),
            (std::vector<std::string>{"obrien", "smith"}));
  // Han characters are words of their own: 地址不详
  EXPECT_EQ(Words("\xE5\x9C\xB0\xE5\x9D\x80\xE4\xB8\x8D\xE8\xAF\xA6").size(),
            4u);
  EXPECT_EQ(FoldedWords("Unknown\xC2\xA0"
                        "Address"),
            (std::vector<std::string>{"unknown", "address"}));
}

TEST(AgencyCodeTest, ComparesCaseInsensitively) {
  EXPECT_EQ(AgencyCode("dhs"), "DHS");
  EXPECT_EQ(AgencyCode(" DHS "), "DHS");
  EXPECT_EQ(AgencyCode("\xEF\xBC\xA4\xEF\xBC\xA8\xEF\xBC\xB3"), "DHS");
  EXPECT_EQ(AgencyCode("D\xD0\x9DS"), "DHS");  // Cyrillic Н
  EXPECT_NE(AgencyCode("DOJ"), "DHS");
}

}  // namespace
}  // namespace taxgate::text
