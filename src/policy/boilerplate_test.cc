#include "policy/boilerplate.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace taxgate::policy {
namespace {

domain::PersonQuery Person(const char* first, const char* middle,
                           const char* last) {
  domain::PersonQuery p;
  p.first_name = first;
  p.middle_name = middle;
  p.last_name = last;
  return p;
}

TEST(NormalizeReasonTest, FollowsLawMdExactly) {
  struct Case {
    const char* reason;
    const char* want;
  };
  const domain::PersonQuery p = Person("Juan", "Carlos", "Garcia-Lopez");
  const Case cases[] = {
      {"Subject is under investigation for violation of immigration law.",
       "subject is under investigation for violation of immigration law"},
      {"SUBJECT IS UNDER INVESTIGATION", "subject is under investigation"},
      {"  many   spaces\tand\nlines  ", "many spaces and lines"},
      {"punctuation!!! runs,,; --- collapse", "punctuation runs collapse"},
      {"matter CR-1064 filed 2024-03-01", "matter cr filed"},
      {"abc123def", "abcdef"},
      {"case 123 456", "case"},
      {"Juan Garcia-Lopez is a target", "is a target"},
      {"Juan Carlos GARCIA LOPEZ failed to appear", "failed to appear"},
      {"Juanita is not Juan", "juanita is not"},
      {"Lopezville residence", "lopezville residence"},
      {"ÁNGEL Ñandú", "angel nandu"},
      // The text layer: NBSP, a curly apostrophe, full-width digits and a
      // Cyrillic letter change nothing.
      {"Subject\xC2\xA0is a target", "subject is a target"},
      {"subject\xE2\x80\x99s address", "subjects address"},
      {"matter \xEF\xBC\x91\xEF\xBC\x92 open", "matter open"},
      {"t\xD0\xB0rget", "target"},
      {"", ""},
      {"123 - 456", ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(NormalizeReason(c.reason, p), c.want) << c.reason;
  }
}

TEST(NormalizeReasonTest, SameTextForDifferentSubjectsAndMattersIsEqual) {
  std::string a =
      NormalizeReason("Ana Kim is a target in matter CR-1001; address needed",
                      Person("Ana", "", "Kim"));
  std::string b = NormalizeReason(
      "Luis Silva is a target in matter CR-2002; address needed.",
      Person("Luis", "", "Silva"));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, NormalizeReason("Luis Silva is a witness in matter CR-2002",
                               Person("Luis", "", "Silva")));
}

TEST(EditDistanceTest, BoundedLevenshtein) {
  EXPECT_EQ(BoundedEditDistance("kitten", "sitting", 5), 3);
  EXPECT_EQ(BoundedEditDistance("kitten", "sitting", 2), 3);  // over: limit+1
  EXPECT_EQ(BoundedEditDistance("", "abc", 3), 3);
  EXPECT_EQ(BoundedEditDistance("abc", "abc", 0), 0);
  EXPECT_EQ(BoundedEditDistance("abcdef", "abc", 2), 3);
  EXPECT_EQ(BoundedEditDistance("flaw", "lawn", 4), 2);
  // Characters, not bytes: one changed Chinese or Cyrillic letter is one
  // edit (李娜在北京 / 李娜在上海: two).
  EXPECT_EQ(BoundedEditDistance("\xE6\x9D\x8E\xE5\xA8\x9C\xE5\x9C\xA8"
                                "\xE5\x8C\x97\xE4\xBA\xAC",
                                "\xE6\x9D\x8E\xE5\xA8\x9C\xE5\x9C\xA8"
                                "\xE4\xB8\x8A\xE6\xB5\xB7",
                                5),
            2);
  EXPECT_EQ(BoundedEditDistance("\xD0\xBA\xD0\xBE\xD1\x82",
                                "\xD0\xBA\xD0\xB8\xD1\x82", 3),
            1);  // кот / кит
}

// The full Levenshtein table, for BoundedEditDistance to agree with.
int FullEditDistance(const std::string& a, const std::string& b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1),
                         prev[j] + 1, cur[j - 1] + 1});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

TEST(EditDistanceTest, AgreesWithTheFullTable) {
  std::mt19937 rng(5);
  for (int t = 0; t < 3000; ++t) {
    // Strings over few letters, edited apart: many ties and long slides.
    std::string a;
    for (int k = static_cast<int>(rng() % 60); k > 0; --k) {
      a.push_back(static_cast<char>('a' + rng() % 3));
    }
    std::string b = a;
    for (int e = static_cast<int>(rng() % 12); e > 0; --e) {
      size_t at = b.empty() ? 0 : rng() % (b.size() + 1);
      switch (rng() % 3) {
        case 0:
          if (at < b.size()) b[at] = static_cast<char>('a' + rng() % 3);
          break;
        case 1:
          if (at < b.size()) b.erase(at, 1);
          break;
        default:
          b.insert(at, 1, static_cast<char>('a' + rng() % 3));
      }
    }
    int full = FullEditDistance(a, b);
    for (int limit : {0, 1, 3, 6, 10, 20}) {
      EXPECT_EQ(BoundedEditDistance(a, b, limit), std::min(full, limit + 1))
          << a << " / " << b << " limit " << limit;
    }
  }
}

TEST(EditDistanceTest, NearCopyLimitIsThreeOrFivePercent) {
  EXPECT_EQ(NearCopyLimit(40, 40, 3, 0.05), 3);
  EXPECT_EQ(NearCopyLimit(100, 90, 3, 0.05), 5);
  EXPECT_EQ(NearCopyLimit(200, 210, 3, 0.05), 10);
}

// The brute-force count NearCopyIndex must agree with (remembered: each
// test runs once for each way of counting).
int64_t BruteCount(const std::vector<std::string>& all, const std::string& r) {
  static std::map<std::pair<size_t, std::string>, int64_t> known;
  size_t key = all.size();
  for (const auto& s : all) key = key * 1000003 + std::hash<std::string>()(s);
  auto [it, added] = known.try_emplace({key, r}, 0);
  if (!added) return it->second;
  int64_t n = 0;
  const size_t lr = CodePoints(r).size();
  for (const auto& s : all) {
    int k = NearCopyLimit(lr, CodePoints(s).size(), 3, 0.05);
    if (BoundedEditDistance(r, s, k) <= k) ++n;
  }
  it->second = n;
  return n;
}

// Each test runs with each way of counting: the trie, the segments, and
// the cheaper of the two for each probe.
class NearCopyIndexTest
    : public ::testing::TestWithParam<NearCopyIndex::Search> {};

INSTANTIATE_TEST_SUITE_P(
    Searches, NearCopyIndexTest,
    ::testing::Values(NearCopyIndex::Search::kCheaper,
                      NearCopyIndex::Search::kTrie,
                      NearCopyIndex::Search::kSegments),
    [](const ::testing::TestParamInfo<NearCopyIndex::Search>& info) {
      switch (info.param) {
        case NearCopyIndex::Search::kTrie:
          return std::string("Trie");
        case NearCopyIndex::Search::kSegments:
          return std::string("Segments");
        default:
          return std::string("Cheaper");
      }
    });

TEST_P(NearCopyIndexTest, AgreesWithComparingEveryPair) {
  // Templates with a few letters changed, of many lengths (short ones are
  // compared directly, long ones by segments).
  std::mt19937 rng(7);
  const std::vector<std::string> templates = {
      "subject is wanted on a warrant",
      "the subject failed to appear for sentencing in the district court and "
      "is charged with reentry after removal",
      "address needed",
      std::string(160, 'a') + " long reason with a tail of words",
      // As long as real reasons (about 250 letters: up to 12 edits apart,
      // cut into 14 segments), edited up to twice as far.
      "subject is a defendant in an indictment returned by a federal grand "
      "jury in the district charging illegal reentry after removal the "
      "agent assigned has been unable to locate the subject at the last "
      "address known to the agency and a warrant for arrest has issued"};
  std::vector<std::string> all;
  for (int i = 0; i < 400; ++i) {
    std::string s = templates[rng() % templates.size()];
    int edits = static_cast<int>(rng() % (s.size() > 200 ? 26 : 14));
    for (int e = 0; e < edits && !s.empty(); ++e) {
      size_t at = rng() % s.size();
      switch (rng() % 3) {
        case 0:
          s[at] = static_cast<char>('a' + rng() % 26);
          break;
        case 1:
          s.erase(at, 1);
          break;
        default:
          s.insert(at, 1, static_cast<char>('a' + rng() % 26));
      }
    }
    all.push_back(s);
  }
  NearCopyIndex index(3, 0.05, GetParam());
  for (const auto& s : all) index.Add(s, 1);
  for (const auto& s : all) {
    EXPECT_EQ(index.Count(s, 1000000), BruteCount(all, s)) << s;
  }
  // Probes that are not in the index: each reason with one more letter at
  // its start, middle or end.
  for (size_t k = 0; k < all.size(); k += 3) {
    std::string s = all[k];
    s.insert((k % 3) * s.size() / 2, 1, 'q');
    EXPECT_EQ(index.Count(s, 1000000), BruteCount(all, s)) << s;
  }
}

// Reasons from one template with a few slots (what agencies send): every
// reason shares segments with most of the others, and only the edit
// distance tells the near-copies apart.
TEST_P(NearCopyIndexTest, TemplateFamiliesAgreeWithComparingEveryPair) {
  std::mt19937 rng(5);
  const std::vector<std::string> opening = {
      "subject is the subject of a sealed complaint in the",
      "subject is charged by information in the",
      "subject is named in an arrest warrant issued in the"};
  const std::vector<std::string> district = {
      "middle district of florida", "northern district of florida",
      "southern district of texas", "western district of texas",
      "eastern district of new york"};
  const std::vector<std::string> offense = {"illegal reentry after removal",
                                            "aggravated identity theft",
                                            "improper entry"};
  const std::vector<std::string> agent = {"massey", "marsh",  "sturgeon",
                                          "miller", "segura", "smart",
                                          "smarr",  "riley",  "mendoza"};
  std::vector<std::string> all;
  for (int i = 0; i < 1200; ++i) {
    std::string s = opening[rng() % opening.size()] + " " +
                    district[rng() % district.size()] + " with " +
                    offense[rng() % offense.size()] +
                    " the address is needed to serve a summons per special "
                    "agent " +
                    agent[rng() % agent.size()];
    if (rng() % 4 == 0) s[rng() % s.size()] = 'x';
    all.push_back(s);
  }
  NearCopyIndex index(3, 0.05, GetParam());
  for (const auto& s : all) index.Add(s, 1);
  for (size_t k = 0; k < all.size(); k += 8) {
    EXPECT_EQ(index.Count(all[k], 1000000), BruteCount(all, all[k])) << all[k];
  }
}

TEST_P(NearCopyIndexTest, ThreadsWithTheirOwnScratchCountAlike) {
  std::mt19937 rng(11);
  std::vector<std::string> all;
  const std::string base =
      "the subject failed to appear for sentencing in the district court and "
      "is charged with reentry after removal";
  for (int i = 0; i < 300; ++i) {
    std::string s = base;
    for (int e = static_cast<int>(rng() % 9); e > 0; --e) {
      s[rng() % s.size()] = static_cast<char>('a' + rng() % 26);
    }
    all.push_back(s);
  }
  NearCopyIndex index(3, 0.05, GetParam());
  for (const auto& s : all) index.Add(s, 1);
  std::vector<int64_t> alone;
  for (const auto& s : all) alone.push_back(index.Count(s, 1000000));
  std::vector<int64_t> together(all.size());
  std::vector<std::thread> pool;
  for (size_t t = 0; t < 4; ++t) {
    pool.emplace_back([&, t] {
      NearCopyIndex::Scratch scratch;
      for (size_t k = t; k < all.size(); k += 4) {
        together[k] = index.Count(all[k], 1000000, &scratch);
      }
    });
  }
  for (auto& th : pool) th.join();
  EXPECT_EQ(together, alone);
}

TEST_P(NearCopyIndexTest, StopsCountingPastTheLimitAndWeighsDuplicates) {
  NearCopyIndex index(3, 0.05, GetParam());
  index.Add("subject is wanted on a warrant issued in this matter", 30);
  index.Add("subject is wanted on a warrant issued in thos matter", 1);
  index.Add("a wholly different reason about a witness statement", 5);
  EXPECT_EQ(
      index.Count("subject is wanted on a warrant issued in this matter", 1000),
      31);
  EXPECT_GT(
      index.Count("subject is wanted on a warrant issued in this matter", 25),
      25);
  EXPECT_EQ(index.Count("nothing like any of them at all, not even close", 100),
            0);
}

TEST_P(NearCopyIndexTest, TwoChangedLettersAreACopyASubstantiveChangeIsNot) {
  const domain::PersonQuery p = Person("Ana", "", "Kim");
  std::string base = NormalizeReason(
      "Subject is named in an arrest warrant for illegal reentry; address "
      "needed to execute it",
      p);
  std::string typo = NormalizeReason(
      "Subject is namd in an arrest warant for illegal reentry; address "
      "needed to execute it",
      p);
  std::string other = NormalizeReason(
      "Subject is a material witness in a smuggling trial; address needed to "
      "serve a subpoena",
      p);
  NearCopyIndex index(3, 0.05, GetParam());
  index.Add(base, 1);
  EXPECT_EQ(index.Count(typo, 10), 1);
  EXPECT_EQ(index.Count(other, 10), 0);
}

}  // namespace
// Letters of other scripts (found in the probe's letters by search, not by
// table), reasons from empty to 2,600 letters (a band of 1 to 16 blocks of
// cells, and past the trie's reach), added in no order.
TEST_P(NearCopyIndexTest, AnyScriptAndLengthAgreeWithComparingEveryPair) {
  std::mt19937 rng(13);
  std::string long_text;
  while (long_text.size() < 1200) {
    long_text += "the agent swore an affidavit describing the evidence ";
  }
  std::string longer_text;
  while (longer_text.size() < 2600) {
    longer_text += "a grand jury heard the witnesses over several days ";
  }
  const std::vector<std::string> templates = {
      "",
      "ab",
      "abcde",
      "\u043f\u043e\u0434\u043e\u0437\u0440\u0435\u0432\u0430\u0435\u043c\u044b"
      "\u0439 "
      "\u0440\u0430\u0437\u044b\u0441\u043a\u0438\u0432\u0430\u0435\u0442\u0441"
      "\u044f "
      "\u043f\u043e \u043e\u0440\u0434\u0435\u0440\u0443 "
      "\u0441\u0443\u0434\u0430",
      "\u5acc\u7591\u4eba\u56e0\u975e\u6cd5\u5165\u5883\u88ab\u8d77\u8bc9\uff0c"
      "\u9700\u8981\u5730\u5740\u4ee5\u9001\u8fbe\u4f20\u7968",
      "acci\u00f3n penal por reingreso ilegal despu\u00e9s de la "
      "deportaci\u00f3n",
      long_text,
      longer_text};
  const std::vector<std::string> extra = {"x", "\u00e9", "\u044f", "\u4eba"};
  std::vector<std::string> all;
  for (int i = 0; i < 240; ++i) {
    std::u32string s = CodePoints(templates[rng() % templates.size()]);
    const int edits = static_cast<int>(rng() % (s.size() > 1000 ? 80 : 8));
    for (int e = 0; e < edits; ++e) {
      const std::u32string letter = CodePoints(extra[rng() % extra.size()]);
      const size_t at = s.empty() ? 0 : rng() % s.size();
      switch (s.empty() ? 2 : rng() % 3) {
        case 0:
          s[at] = letter[0];
          break;
        case 1:
          s.erase(at, 1);
          break;
        default:
          s.insert(at, letter);
      }
    }
    std::string utf8;
    for (char32_t c : s) {
      if (c < 0x80) {
        utf8 += static_cast<char>(c);
      } else if (c < 0x800) {
        utf8 += static_cast<char>(0xC0 | (c >> 6));
        utf8 += static_cast<char>(0x80 | (c & 0x3F));
      } else {
        utf8 += static_cast<char>(0xE0 | (c >> 12));
        utf8 += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        utf8 += static_cast<char>(0x80 | (c & 0x3F));
      }
    }
    all.push_back(utf8);
  }
  NearCopyIndex index(3, 0.05, GetParam());
  for (const auto& s : all) index.Add(s, 1);
  for (size_t k = 0; k < all.size(); k += 2) {
    EXPECT_EQ(index.Count(all[k], 1000000), BruteCount(all, all[k])) << k;
  }
}

// Reasons that share little text would make a trie node of nearly every
// letter: past a size the trie is dropped and the segments count
// everything, still exactly (asked for the trie, the index uses the
// segments).
TEST(NearCopyIndexSizeTest, TrieGivesWayToSegmentsWhenReasonsShareLittle) {
  std::mt19937 rng(19);
  std::vector<std::string> all;
  // 5,000 reasons of 300 letters: 1.5 million nodes, past 2^20 + 64 per
  // reason.
  for (int i = 0; i < 2500; ++i) {
    std::string s;
    for (int k = 0; k < 300; ++k) s += static_cast<char>('a' + rng() % 26);
    all.push_back(s);
    for (int e = 0; e < 10; ++e) s[rng() % s.size()] = 'z';  // a near-copy
    all.push_back(s);
  }
  NearCopyIndex index(3, 0.05, NearCopyIndex::Search::kTrie);
  for (const auto& s : all) index.Add(s, 1);
  NearCopyIndex::Scratch scratch;
  for (size_t k = 0; k < all.size(); k += 499) {
    EXPECT_EQ(index.Count(all[k], 1000000, &scratch), BruteCount(all, all[k]))
        << k;
  }
  EXPECT_EQ(scratch.by_trie, 0);
  EXPECT_GT(scratch.by_segments, 0);
}

// The cheaper way is the trie for reasons from one template and the
// segments for reasons that differ from their first words on.
TEST(NearCopyIndexChoiceTest, TrieForTemplatesSegmentsForVariedReasons) {
  std::mt19937 rng(17);
  // A vocabulary of a thousand words of 3 to 9 letters.
  std::vector<std::string> words;
  for (int i = 0; i < 1000; ++i) {
    std::string w;
    for (size_t k = 3 + rng() % 7; k > 0; --k) {
      w += static_cast<char>('a' + rng() % 26);
    }
    words.push_back(w);
  }
  auto varied = [&] {
    std::string s;
    for (int w = 0; w < 14; ++w) {
      if (!s.empty()) s += ' ';
      s += words[rng() % words.size()];
    }
    return s;
  };
  const std::vector<std::string> agents = {"massey", "marsh",  "sturgeon",
                                           "miller", "segura", "riley"};
  const std::vector<std::string> places = {"boston", "houston", "irving",
                                           "yakima", "greensboro"};
  auto templated = [&] {
    return "subject is the target of a criminal complaint filed in the "
           "district with illegal reentry after removal the address is "
           "needed to corroborate a witness report that the subject lives "
           "in " +
           places[rng() % places.size()] + " per special agent " +
           agents[rng() % agents.size()];
  };
  for (bool templates : {true, false}) {
    NearCopyIndex index(3, 0.05);
    std::vector<std::string> all;
    for (int i = 0; i < 2000; ++i) {
      all.push_back(templates ? templated() : varied());
    }
    for (const auto& s : all) index.Add(s, 1);
    NearCopyIndex::Scratch scratch;
    for (size_t k = 0; k < all.size(); k += 10) {
      index.Count(all[k], 1000000, &scratch);
    }
    SCOPED_TRACE(templates ? "templates" : "varied");
    if (templates) {
      EXPECT_GT(scratch.by_trie, 9 * scratch.by_segments);
    } else {
      EXPECT_GT(scratch.by_segments, 9 * scratch.by_trie);
    }
  }
}

}  // namespace taxgate::policy
