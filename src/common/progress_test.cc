#include "common/progress.h"

#include <gtest/gtest.h>

namespace taxgate {
namespace {

TEST(ProgressTest, ALineHasTheBarCountRateAndTimeLeft) {
  const std::string line =
      TerminalProgress::Line("process", "deciding", 48000, 100000, 24.0);
  EXPECT_EQ(line,
            "process  deciding  [###########-------------]   48%  "
            "48,000/100,000  2,000/s  0:26 left  (0:24)");
}

TEST(ProgressTest, AnUnknownTotalShowsTheCountAndRateOnly) {
  EXPECT_EQ(TerminalProgress::Line("load", "reading", 1234567, -1, 2.0),
            "load  reading  1,234,567  617,283/s  (0:02)");
}

TEST(ProgressTest, DoneShowsNoTimeLeft) {
  EXPECT_EQ(TerminalProgress::Line("synth", "people", 10, 10, 3700.0),
            "synth  people  [########################]  100%  10/10  "
            "0/s  (1:01:40)");
}

TEST(ProgressTest, NotATerminalGivesNoFunction) {
  TerminalProgress quiet("process", /*enabled=*/false);
  EXPECT_FALSE(static_cast<bool>(quiet.Fn()));
}

}  // namespace
}  // namespace taxgate
