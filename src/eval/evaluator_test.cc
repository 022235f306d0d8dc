#include "eval/evaluator.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace taxgate::eval {
namespace {

TEST(EvaluateTest, CountsRightWrongPossibleAndFalseAnswers) {
  testing::TempDir dir;
  auto rt = dir.Write("records_truth.csv",
                      "record_id,person_id\nR1,P1\nR2,P1\nR3,P2\nR4,P3\n");
  auto truth =
      dir.Write("truth.csv", "request_id,record_id\nQ1,R1\nQ2,R3\nQ3,R4\n");
  auto matches = dir.Write(
      "matches.csv",
      "request_id,record_id,match_probability,match_weight,decision\n"
      "Q1,R2,0.999,20,match\n"   // another record of the same person: right
      "Q2,R4,0.995,15,match\n"   // wrong person
      "Q3,R4,0.7,3,possible\n"   // right, but only possible
      "Q4,R1,0.9999,22,match\n"  // person not in the store: false answer
      "Q5,,,,no_match\n"
      "Q1,R3,1,30,match\n");  // repeated id: ignored
  auto r = Evaluate(matches, truth, rt);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->requests, 5);
  EXPECT_EQ(r->tp, 1);
  EXPECT_EQ(r->fp, 2);
  EXPECT_EQ(r->possible, 1);
  EXPECT_EQ(r->possible_true, 1);
  EXPECT_EQ(r->absent, 2);
  EXPECT_EQ(r->false_absent, 1);
  EXPECT_DOUBLE_EQ(r->precision, 1.0 / 3);
  EXPECT_DOUBLE_EQ(r->recall, 1.0 / 3);
  // At threshold 0.5 the possible row counts too: 2 right of 4.
  EXPECT_EQ(r->tradeoff[0].matches, 4);
  EXPECT_DOUBLE_EQ(r->tradeoff[0].recall, 2.0 / 3);
  EXPECT_NE(FormatJson(*r).find("\"false_absent\":1"), std::string::npos);
}

TEST(EvaluateTest, MissingColumnNamesTheFile) {
  testing::TempDir dir;
  auto rt = dir.Write("rt.csv", "record_id,person_id\n");
  auto truth = dir.Write("t.csv", "request_id,record_id\n");
  auto matches = dir.Write("m.csv", "request_id,decision\n");
  auto r = Evaluate(matches, truth, rt);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("m.csv:1: column 'record_id' missing"),
            std::string::npos);
}

// The store's taxpayers against the truth: person 0 in two clusters (one
// too many), cluster 7 holding persons 1 and 2, a row without a person
// ignored.
TEST(CountClustersTest, SplitAndMergedAgainstTheTruth) {
  EvalResult r;
  CountClusters({{5, 0}, {5, 0}, {6, 0}, {7, 1}, {7, 2}, {8, 3}, {9, -1}}, &r);
  EXPECT_EQ(r.store_persons, 4);
  EXPECT_EQ(r.taxpayers, 4);
  EXPECT_EQ(r.split_persons, 1);
  EXPECT_EQ(r.extra_taxpayers, 1);
  EXPECT_EQ(r.merged_taxpayers, 1);
  EXPECT_NE(FormatText(r).find("1 persons split (1 clusters too many), 1 "
                               "clusters merge persons"),
            std::string::npos);
}

}  // namespace
}  // namespace taxgate::eval
