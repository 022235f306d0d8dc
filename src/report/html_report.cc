#include "report/html_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace taxgate::report {
namespace {

std::string Num(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// A number as it is shown beside a bar: no decimals for counts.
std::string Label(double v) {
  return v == std::floor(v) && std::fabs(v) < 1e15 ? Num(v) : Num(v, 3);
}

const char kStyle[] =
    "body{font-family:system-ui,sans-serif;color:#1a1a1a;max-width:980px;"
    "margin:1em auto;padding:0 1em}h1{font-size:1.5em}h2{font-size:1.2em;"
    "margin-top:1.6em;border-bottom:1px solid #c8c8c8}table{border-collapse:"
    "collapse;margin:.6em 0}th,td{border-bottom:1px solid #c8c8c8;padding:"
    ".25em .6em;text-align:left}th{background:#f4f5f7}td.n{text-align:right}"
    "figure{margin:1em 0}figcaption{font-weight:600;margin-bottom:.3em}"
    "svg text{font-size:12px;fill:#1a1a1a}.note{color:#4a4a4a}";

}  // namespace

std::string EscapeHtml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

HtmlReport::HtmlReport(std::string title) : title_(std::move(title)) {}

void HtmlReport::Heading(const std::string& text) {
  body_ += "<h2>" + EscapeHtml(text) + "</h2>\n";
}

void HtmlReport::Paragraph(const std::string& text) {
  body_ += "<p>" + EscapeHtml(text) + "</p>\n";
}

void HtmlReport::Facts(
    const std::vector<std::pair<std::string, std::string>>& facts) {
  body_ += "<table>\n";
  for (const auto& [name, value] : facts) {
    body_ += "<tr><th scope=\"row\">" + EscapeHtml(name) + "</th><td>" +
             EscapeHtml(value) + "</td></tr>\n";
  }
  body_ += "</table>\n";
}

void HtmlReport::Table(const std::string& caption,
                       const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows) {
  body_ += "<table><caption>" + EscapeHtml(caption) + "</caption>\n<tr>";
  for (const auto& h : header) {
    body_ += "<th scope=\"col\">" + EscapeHtml(h) + "</th>";
  }
  body_ += "</tr>\n";
  for (const auto& row : rows) {
    body_ += "<tr>";
    for (const auto& cell : row) {
      const bool number =
          !cell.empty() &&
          cell.find_first_not_of("0123456789.-%") == std::string::npos;
      body_ += std::string(number ? "<td class=\"n\">" : "<td>") +
               EscapeHtml(cell) + "</td>";
    }
    body_ += "</tr>\n";
  }
  body_ += "</table>\n";
}

void HtmlReport::BarChart(const std::string& title,
                          const std::vector<Bar>& bars,
                          const std::string& unit) {
  body_ += "<figure><figcaption>" + EscapeHtml(title) + "</figcaption>\n";
  if (bars.empty()) {
    body_ += "<p class=\"note\">none</p></figure>\n";
    return;
  }
  double top = 0;
  for (const Bar& b : bars) top = std::max(top, b.value);
  const int width = 760, left = 230, right = 90, row = 22;
  const int height = static_cast<int>(bars.size()) * row + 10;
  body_ += "<svg role=\"img\" aria-label=\"" + EscapeHtml(title) +
           "\" width=\"" + Num(width) + "\" height=\"" + Num(height) +
           "\" viewBox=\"0 0 " + Num(width) + " " + Num(height) + "\">\n";
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double w =
        top > 0 ? (width - left - right) * std::max(0.0, b.value) / top : 0;
    const double y = 5 + static_cast<double>(i) * row;
    body_ += "<text x=\"" + Num(left - 6) + "\" y=\"" + Num(y + 15) +
             "\" text-anchor=\"end\">" + EscapeHtml(b.label) + "</text>";
    body_ += "<rect x=\"" + Num(left) + "\" y=\"" + Num(y + 3) + "\" width=\"" +
             Num(std::max(1.0, w), 1) + "\" height=\"" + Num(row - 6) +
             "\" fill=\"#0b4f8a\"><title>" +
             EscapeHtml(b.label + ": " + Label(b.value) + " " + unit) +
             "</title></rect>";
    body_ += "<text x=\"" + Num(left + w + 4, 1) + "\" y=\"" + Num(y + 15) +
             "\">" + EscapeHtml(Label(b.value)) + "</text>\n";
  }
  body_ += "</svg></figure>\n";
}

void HtmlReport::Histogram(const std::string& title,
                           const std::vector<double>& values, int bins,
                           double lo, double hi, const std::string& x_label) {
  bins = std::max(1, bins);
  std::vector<int64_t> counts(static_cast<size_t>(bins), 0);
  for (double v : values) {
    // Clamped before the cast (NaN and values far out are not ints).
    const double at = hi > lo && !std::isnan(v)
                          ? std::clamp((v - lo) / (hi - lo), 0.0, 1.0)
                          : 0.0;
    int b = static_cast<int>(at * bins);
    counts[static_cast<size_t>(std::clamp(b, 0, bins - 1))]++;
  }
  const int64_t top = *std::max_element(counts.begin(), counts.end());
  const int width = 760, left = 50, bottom = 40, height = 220;
  const double bw = static_cast<double>(width - left - 10) / bins;
  body_ += "<figure><figcaption>" + EscapeHtml(title) + " (" +
           Num(static_cast<double>(values.size())) +
           " values)</figcaption>\n<svg role=\"img\" aria-label=\"" +
           EscapeHtml(title) + "\" width=\"" + Num(width) + "\" height=\"" +
           Num(height) + "\" viewBox=\"0 0 " + Num(width) + " " + Num(height) +
           "\">\n";
  const double plot = height - bottom - 10;
  for (int i = 0; i < bins; ++i) {
    const double h =
        top > 0 ? plot * static_cast<double>(counts[static_cast<size_t>(i)]) /
                      static_cast<double>(top)
                : 0;
    const double from = lo + (hi - lo) * i / bins;
    const double to = lo + (hi - lo) * (i + 1) / bins;
    body_ += "<rect x=\"" + Num(left + i * bw + 1, 1) + "\" y=\"" +
             Num(10 + plot - h, 1) + "\" width=\"" + Num(bw - 2, 1) +
             "\" height=\"" + Num(h, 1) + "\" fill=\"#0b4f8a\"><title>" +
             Num(from, 2) + "-" + Num(to, 2) + ": " +
             Num(static_cast<double>(counts[static_cast<size_t>(i)])) +
             "</title></rect>\n";
  }
  for (int i = 0; i <= 4; ++i) {
    const double x = left + (width - left - 10) * i / 4.0;
    const char* anchor = i == 0 ? "start" : i == 4 ? "end" : "middle";
    body_ += "<text x=\"" + Num(x, 1) + "\" y=\"" + Num(height - bottom + 16) +
             "\" text-anchor=\"" + anchor + "\">" +
             Num(lo + (hi - lo) * i / 4.0, 2) + "</text>";
  }
  body_ += "<text x=\"" + Num(left - 4) + "\" y=\"18\" text-anchor=\"end\">" +
           Num(static_cast<double>(top)) + "</text>";
  body_ += "<text x=\"" + Num(left) + "\" y=\"" + Num(height - 6) + "\">" +
           EscapeHtml(x_label) + "</text></svg></figure>\n";
}

void HtmlReport::LineChart(const std::string& title,
                           const std::vector<Series>& series,
                           const std::string& x_label,
                           const std::string& y_label) {
  const int width = 520, height = 420, left = 60, bottom = 50, top = 10,
            right = 20;
  const double pw = width - left - right, ph = height - top - bottom;
  auto X = [&](double x) { return left + pw * std::clamp(x, 0.0, 1.0); };
  auto Y = [&](double y) { return top + ph * (1 - std::clamp(y, 0.0, 1.0)); };
  body_ += "<figure><figcaption>" + EscapeHtml(title) +
           "</figcaption>\n<svg role=\"img\" aria-label=\"" +
           EscapeHtml(title) + "\" width=\"" + Num(width) + "\" height=\"" +
           Num(height) + "\" viewBox=\"0 0 " + Num(width) + " " + Num(height) +
           "\">\n";
  body_ += "<rect x=\"" + Num(left) + "\" y=\"" + Num(top) + "\" width=\"" +
           Num(pw) + "\" height=\"" + Num(ph) +
           "\" fill=\"none\" stroke=\"#4a4a4a\"/>\n";
  for (int i = 0; i <= 4; ++i) {
    const double v = i / 4.0;
    body_ += "<text x=\"" + Num(X(v), 1) + "\" y=\"" +
             Num(height - bottom + 16) + "\" text-anchor=\"middle\">" +
             Num(v, 2) + "</text>";
    body_ += "<text x=\"" + Num(left - 6) + "\" y=\"" + Num(Y(v) + 4, 1) +
             "\" text-anchor=\"end\">" + Num(v, 2) + "</text>\n";
  }
  const char* colours[] = {"#0b4f8a", "#a8201a", "#0a6b2d", "#7a4b00"};
  for (size_t s = 0; s < series.size(); ++s) {
    std::string d;
    for (const auto& [x, y] : series[s].points) {
      d += (d.empty() ? "M" : " L") + Num(X(x), 1) + "," + Num(Y(y), 1);
    }
    const char* colour = colours[s % 4];
    body_ += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + colour +
             "\" stroke-width=\"2\"/>";
    for (const auto& [x, y] : series[s].points) {
      body_ += "<circle cx=\"" + Num(X(x), 1) + "\" cy=\"" + Num(Y(y), 1) +
               "\" r=\"3\" fill=\"" + colour + "\"><title>" +
               EscapeHtml(series[s].name) + ": " + Num(x, 4) + ", " +
               Num(y, 4) + "</title></circle>";
    }
    body_ += "<text x=\"" + Num(left + 8) + "\" y=\"" +
             Num(top + ph - 10 - 16.0 * static_cast<double>(s), 1) +
             "\" fill=\"" + colour + "\">" + EscapeHtml(series[s].name) +
             "</text>\n";
  }
  body_ += "<text x=\"" + Num(left + pw / 2, 1) + "\" y=\"" + Num(height - 8) +
           "\" text-anchor=\"middle\">" + EscapeHtml(x_label) + "</text>";
  body_ += "<text x=\"14\" y=\"" + Num(top + ph / 2, 1) +
           "\" transform=\"rotate(-90 14 " + Num(top + ph / 2, 1) +
           ")\" text-anchor=\"middle\">" + EscapeHtml(y_label) +
           "</text></svg></figure>\n";
}

std::string HtmlReport::Html() const {
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
         "'none'; style-src 'unsafe-inline'\"><title>" +
         EscapeHtml(title_) + "</title><style>" + kStyle +
         "</style></head><body>\n<h1>" + EscapeHtml(title_) + "</h1>\n" +
         body_ + "</body></html>\n";
}

}  // namespace taxgate::report
