#include "linkage/string_pool.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace taxgate::linkage {
namespace {

TEST(StringPoolTest, EmptyIsZeroAndEqualStringsShareAnId) {
  StringPool pool;
  EXPECT_EQ(pool.Intern(""), 0u);
  EXPECT_EQ(pool.Find(""), 0u);
  uint32_t a = pool.Intern("GARCIA");
  EXPECT_NE(a, 0u);
  EXPECT_EQ(pool.Intern(std::string("GAR") + "CIA"), a);
  EXPECT_EQ(pool.Find("GARCIA"), a);
  EXPECT_EQ(pool.Find("LOPEZ"), StringPool::kAbsent);
  EXPECT_EQ(pool.Get(a), "GARCIA");
}

TEST(StringPoolTest, ManyStringsSurviveGrowth) {
  StringPool pool;
  std::vector<uint32_t> ids;
  for (int i = 0; i < 100000; ++i)
    ids.push_back(pool.Intern(std::to_string(i)));
  for (int i = 0; i < 100000; ++i) {
    ASSERT_EQ(pool.Find(std::to_string(i)), ids[i]);
    ASSERT_EQ(pool.Get(ids[i]), std::to_string(i));
  }
  EXPECT_EQ(pool.size(), 100001u);
  // A long string.
  std::string huge(200000, 'x');
  uint32_t h = pool.Intern(huge);
  EXPECT_EQ(pool.Get(h), huge);
  EXPECT_EQ(pool.Get(pool.Intern("after")), "after");
  EXPECT_EQ(pool.Get(ids[99999]), "99999");
}

TEST(StringPoolTest, SetsAreInternedByContent) {
  StringPool pool;
  EXPECT_EQ(pool.InternSet({}), 0u);
  std::vector<uint32_t> a = {3, 7, 9}, b = {3, 7}, a2 = {3, 7, 9};
  uint32_t ia = pool.InternSet(a), ib = pool.InternSet(b);
  EXPECT_NE(ia, ib);
  EXPECT_EQ(pool.InternSet(a2), ia);
  EXPECT_EQ(pool.FindSet(b), ib);
  EXPECT_EQ(pool.FindSet(std::vector<uint32_t>{1}), StringPool::kAbsent);
  auto got = pool.GetSet(ia);
  EXPECT_EQ(std::vector<uint32_t>(got.begin(), got.end()), a);
  EXPECT_TRUE(pool.GetSet(0).empty());
}

TEST(StringsTest, RequestStringsTheStoreLacksGetOneIdEach) {
  StringPool pool;
  uint32_t garcia = pool.Intern("GARCIA");
  Strings s(&pool);
  EXPECT_EQ(s.Intern("GARCIA"), garcia);
  uint32_t zylstra = s.Intern("ZYLSTRA");
  EXPECT_GE(zylstra, pool.size());
  EXPECT_EQ(s.Intern("ZYLSTRA"), zylstra);  // same string, same id
  EXPECT_NE(s.Intern("ZYLSTRO"), zylstra);
  EXPECT_EQ(s.Get(zylstra), "ZYLSTRA");
  EXPECT_EQ(s.Get(garcia), "GARCIA");
  uint32_t set = s.InternSet(std::vector<uint32_t>{42});
  EXPECT_EQ(s.InternSet(std::vector<uint32_t>{42}), set);
  EXPECT_EQ(s.GetSet(set).size(), 1u);
  EXPECT_EQ(pool.Find("ZYLSTRA"), StringPool::kAbsent);  // pool untouched
}

}  // namespace
}  // namespace taxgate::linkage
