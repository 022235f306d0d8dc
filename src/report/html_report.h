// HtmlReport: a self-contained HTML page of tables and charts, the charts
// drawn as SVG by taxgate (no script, no font, nothing from the network), so
// that a report opens the same on an air-gapped machine and can be kept as
// a record. Used by `taxgate process` (report.html beside its outputs) and
// `taxgate report html` (any period, or the annual 6103(p)(3)(C) report).
//
// Every text is escaped; numbers are printed as given. Pure: builds a
// string. Thread-compatible.
#ifndef TAXGATE_REPORT_HTML_REPORT_H_
#define TAXGATE_REPORT_HTML_REPORT_H_

#include <string>
#include <utility>
#include <vector>

namespace taxgate::report {

struct Bar {
  std::string label;
  double value = 0;
};

struct Series {
  std::string name;
  std::vector<std::pair<double, double>> points;  // (x, y)
};

class HtmlReport {
 public:
  explicit HtmlReport(std::string title);

  void Heading(const std::string& text);
  void Paragraph(const std::string& text);
  // A two-column list of facts (name, value).
  void Facts(const std::vector<std::pair<std::string, std::string>>& facts);
  void Table(const std::string& caption, const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows);
  // Horizontal bars, longest first as given; an empty list draws "none".
  void BarChart(const std::string& title, const std::vector<Bar>& bars,
                const std::string& unit);
  // Counts of `values` in `bins` equal bins over [lo, hi] (values outside
  // are put in the first or last bin).
  void Histogram(const std::string& title, const std::vector<double>& values,
                 int bins, double lo, double hi, const std::string& x_label);
  // Lines through the points of each series, axes over [0, 1] x [0, 1]
  // (precision-recall curves).
  void LineChart(const std::string& title, const std::vector<Series>& series,
                 const std::string& x_label, const std::string& y_label);

  // The whole page.
  std::string Html() const;

 private:
  std::string title_;
  std::string body_;
};

// `text` with & < > " ' escaped.
std::string EscapeHtml(const std::string& text);

}  // namespace taxgate::report

#endif  // TAXGATE_REPORT_HTML_REPORT_H_
