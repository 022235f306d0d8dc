#include "report/html_report.h"

#include <gtest/gtest.h>

namespace taxgate::report {
namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

TEST(HtmlReportTest, TextIsEscapedEverywhere) {
  HtmlReport r("<script>alert(1)</script>");
  r.Heading("a & b");
  r.Paragraph("\"quoted\" <b>");
  r.Table("t", {"<h>"}, {{"<td>"}});
  r.BarChart("bars", {{"<img src=x>", 3}}, "requests");
  const std::string html = r.Html();
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"),
            std::string::npos);
  EXPECT_NE(html.find("a &amp; b"), std::string::npos);
  EXPECT_NE(html.find("&quot;quoted&quot;"), std::string::npos);
}

TEST(HtmlReportTest, ChartsAreSvgWithOneMarkPerBarBinAndPoint) {
  HtmlReport r("t");
  r.BarChart("outcomes", {{"disclosed", 10}, {"no_record", 5}, {"review", 0}},
             "requests");
  r.Histogram("p", {0.05, 0.5, 0.51, 0.99, 1.0, 2.0, -1.0}, 10, 0, 1, "p");
  r.LineChart("pr", {{"model", {{0.5, 1.0}, {0.9, 0.99}, {1.0, 0.9}}}},
              "recall", "precision");
  const std::string html = r.Html();
  EXPECT_EQ(Count(html, "<svg"), 3u);
  // 3 bars + 10 bins + the plot frame.
  EXPECT_EQ(Count(html, "<rect"), 3u + 10u + 1u);
  EXPECT_EQ(Count(html, "<circle"), 3u);
  // Out-of-range values fall in the end bins: the first bin holds -1 and
  // 0.05, the last 0.99, 1.0 and 2.0.
  EXPECT_NE(html.find("0.00-0.10: 2<"), std::string::npos) << html;
  EXPECT_NE(html.find("0.90-1.00: 3<"), std::string::npos) << html;
  EXPECT_NE(html.find("disclosed: 10 requests"), std::string::npos);
  // Nothing is fetched from anywhere.
  EXPECT_EQ(html.find("://"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(HtmlReportTest, AnEmptyBarChartSaysNone) {
  HtmlReport r("t");
  r.BarChart("nothing", {}, "requests");
  EXPECT_NE(r.Html().find(">none<"), std::string::npos);
}

}  // namespace
}  // namespace taxgate::report
