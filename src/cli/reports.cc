#include "cli/reports.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "common/csv_reader.h"
#include "common/file_util.h"
#include "common/strings.h"
#include "disclosure/accounting.h"
#include "eval/evaluator.h"
#include "report/html_report.h"

namespace taxgate::cli {
namespace {

using Json = nlohmann::json;

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Bars of a count map, largest first.
std::vector<report::Bar> Bars(const std::map<std::string, int64_t>& counts) {
  std::vector<report::Bar> bars;
  for (const auto& [k, v] : counts) {
    bars.push_back({k.empty() ? "(none)" : k, static_cast<double>(v)});
  }
  std::stable_sort(bars.begin(), bars.end(),
                   [](const report::Bar& a, const report::Bar& b) {
                     return a.value > b.value;
                   });
  return bars;
}

void AddCodes(const std::string& reasons, std::map<std::string, int64_t>* to) {
  for (const auto& c : Split(reasons, ';')) {
    if (!c.empty()) ++(*to)[c];
  }
}

void EstimateSection(report::HtmlReport* r, const ErrorEstimate& e) {
  r->Heading("The model's own estimate of its errors (no labels)");
  r->Paragraph(
      "From the match probabilities alone, as fastLink reports them: among "
      "the match answers, the expected number of false matches is the sum of "
      "(1 - p); among the requests left in possible or no_match, the "
      "expected number of persons who were in the store is the sum of the "
      "best candidate's p. An estimate, as good as the model's calibration.");
  r->Facts(
      {{"match answers", std::to_string(e.matches)},
       {"expected false matches among them",
        Fixed(e.expected_false_matches, 2)},
       {"requests left in possible or no_match (with a candidate)",
        std::to_string(e.not_matched)},
       {"expected true persons among them", Fixed(e.expected_missed, 2)},
       {"expected false-match rate", Fixed(100 * e.FalseMatchRate(), 2) + "%"},
       {"expected share of the persons asked for left unmatched",
        Fixed(100 * e.MissedRate(), 2) + "%"}});
}

}  // namespace

std::string EstimateLine(const ErrorEstimate& e) {
  return "the model's own estimate: " + Fixed(e.expected_false_matches, 2) +
         " false among " + std::to_string(e.matches) + " matches (" +
         Fixed(100 * e.FalseMatchRate(), 2) + "%), " +
         Fixed(e.expected_missed, 2) + " true persons among " +
         std::to_string(e.not_matched) + " not matched (" +
         Fixed(100 * e.MissedRate(), 2) + "% of those asked for left)";
}

nlohmann::json EstimateJson(const ErrorEstimate& e) {
  return {{"matches", e.matches},
          {"expected_false_matches", e.expected_false_matches},
          {"false_match_rate", e.FalseMatchRate()},
          {"not_matched", e.not_matched},
          {"expected_missed", e.expected_missed},
          {"missed_rate", e.MissedRate()}};
}

Result<ErrorEstimate> EstimateErrors(const std::string& matches_csv) {
  TG_ASSIGN_OR_RETURN(std::string text, ReadFile(matches_csv));
  ErrorEstimate e;
  TG_RETURN_IF_ERROR(ForEachCsvRow(
      matches_csv, text, {"request_id", "match_probability", "decision"},
      [&](const ColumnMap& m, const CsvRow& row) {
        const std::string p(m.Get(row, "match_probability"));
        if (!p.empty()) {
          e.Add(std::string(m.Get(row, "decision")), std::atof(p.c_str()));
        }
        return Status::Ok();
      }));
  return e;
}

Result<ErrorEstimate> WriteBatchReport(const std::string& out_dir,
                                       const std::string& title,
                                       const TruthFiles& truth) {
  const std::string decisions_path = out_dir + "/decisions.csv";
  const std::string matches_path = out_dir + "/matches.csv";
  TG_ASSIGN_OR_RETURN(std::string decisions, ReadFile(decisions_path));
  std::map<std::string, int64_t> outcomes, codes, queue;
  int64_t requests = 0;
  TG_RETURN_IF_ERROR(ForEachCsvRow(
      decisions_path, decisions, {"request_id", "decision", "reasons"},
      [&](const ColumnMap& m, const CsvRow& row) {
        ++requests;
        const std::string d(m.Get(row, "decision"));
        const std::string reasons(m.Get(row, "reasons"));
        ++outcomes[d];
        AddCodes(reasons, &codes);
        if (d == "review") AddCodes(reasons, &queue);
        return Status::Ok();
      }));
  TG_ASSIGN_OR_RETURN(std::string matches, ReadFile(matches_path));
  std::vector<double> probabilities;
  std::map<std::string, int64_t> match_decisions;
  ErrorEstimate estimate;
  TG_RETURN_IF_ERROR(ForEachCsvRow(
      matches_path, matches, {"match_probability", "decision"},
      [&](const ColumnMap& m, const CsvRow& row) {
        const std::string decision(m.Get(row, "decision"));
        const std::string p(m.Get(row, "match_probability"));
        ++match_decisions[decision];
        if (!p.empty()) {
          probabilities.push_back(std::clamp(std::atof(p.c_str()), 0.0, 1.0));
          estimate.Add(decision, probabilities.back());
        }
        return Status::Ok();
      }));

  report::HtmlReport r(title);
  r.Paragraph(
      "Internal report for operators and auditors (record ids are not "
      "shown; decisions.csv and matches.csv hold them). Every figure is "
      "read from the batch's output files.");
  std::vector<std::pair<std::string, std::string>> facts = {
      {"requests decided", std::to_string(requests)}};
  for (const auto& [k, v] : outcomes) facts.emplace_back(k, std::to_string(v));
  r.Facts(facts);
  r.Heading("Answers by outcome");
  r.BarChart("Decisions by outcome", Bars(outcomes), "requests");
  r.Heading("Answers by rule code");
  r.BarChart("Rule and matching codes on the decisions", Bars(codes),
             "requests");
  r.Heading("Matching");
  r.BarChart("Matching decisions", Bars(match_decisions), "requests");
  r.Histogram("Match probability of each request's best candidate",
              probabilities, 20, 0, 1, "match probability");
  r.Heading("The review queue");
  r.BarChart("Requests waiting for a person, by reason", Bars(queue),
             "requests");
  EstimateSection(&r, estimate);
  if (!truth.truth.empty()) {
    TG_ASSIGN_OR_RETURN(
        eval::EvalResult e,
        eval::Evaluate(matches_path, truth.truth, truth.records_truth));
    r.Heading("Against the truth given");
    r.Facts(
        {{"precision", Fixed(e.precision, 4)},
         {"recall", Fixed(e.recall, 4)},
         {"F1", Fixed(e.f1, 4)},
         {"false matches", std::to_string(e.fp)},
         {"false answers for persons not in the store",
          std::to_string(e.false_absent) + " of " + std::to_string(e.absent)},
         {"sent to possible", Fixed(100 * e.possible_share, 2) + "%"},
         {"estimated false matches (above) against the truth",
          Fixed(estimate.expected_false_matches, 2) + " vs " +
              std::to_string(e.fp)}});
    report::Series curve{"taxgate", {}};
    std::vector<std::vector<std::string>> rows;
    for (const auto& t : e.tradeoff) {
      curve.points.emplace_back(t.recall, t.precision);
      rows.push_back({Fixed(t.threshold, 3), Fixed(t.precision, 4),
                      Fixed(t.recall, 4), std::to_string(t.matches)});
    }
    r.LineChart("Precision-recall at the probability thresholds", {curve},
                "recall", "precision");
    r.Table("The trade-off", {"threshold", "precision", "recall", "matches"},
            rows);
  }
  TG_RETURN_IF_ERROR(WriteFileAtomically(out_dir + "/report.html", r.Html()));
  return estimate;
}

Result<std::string> LogReport(storage::Database* db, const std::string& from,
                              const std::string& to, int annual) {
  disclosure::Accounting acc;
  std::map<std::string, std::string> latest;   // batch/position -> reasons
  std::map<std::string, std::string> outcome;  // batch/position -> decision
  std::map<std::string, int64_t> answers, reviews, match_decisions;
  std::vector<double> probabilities;
  ErrorEstimate estimate;
  TG_RETURN_IF_ERROR(db->ScanAuditLeaves([&](const storage::AuditLeaf& l) {
    TG_RETURN_IF_ERROR(acc.Add(l.index, l.entry));
    Json e = Json::parse(l.entry, nullptr, false);
    if (!e.is_object()) return Status::Ok();
    const std::string date = e.value("time", "").substr(0, 10);
    if (date < from || date > to) return Status::Ok();
    const std::string type = e.value("type", "");
    const std::string place = e.value("batch", "") + "/" +
                              std::to_string(e.value("position", int64_t{-1}));
    if (type == "decision") {
      outcome[place] = e.value("decision", "");
      std::string reasons;
      for (const auto& c : e.value("reasons", Json::array())) {
        if (c.is_string()) reasons += c.get<std::string>() + ";";
      }
      latest[place] = reasons;
    } else if (type == "response") {
      ++answers[e.value("answer", "")];
    } else if (type == "review") {
      ++reviews[e.value("action", "")];
    } else if (type == "match") {
      const std::string decision = e.value("decision", "");
      ++match_decisions[decision];
      const std::string text = e.value("probability", "");
      if (!text.empty()) {
        const double p = std::clamp(std::atof(text.c_str()), 0.0, 1.0);
        probabilities.push_back(p);
        estimate.Add(decision, p);
      }
    }
    return Status::Ok();
  }));
  std::map<std::string, int64_t> outcomes, codes;
  for (const auto& [place, d] : outcome) ++outcomes[d];
  for (const auto& [place, reasons] : latest) AddCodes(reasons, &codes);

  const std::string title = annual > 0
                                ? "Disclosures under 26 U.S.C. 6103(i)(2), " +
                                      std::to_string(annual) +
                                      ": the annual report of 6103(p)(3)(C)"
                                : "taxgate report, " + from + " to " + to;
  report::HtmlReport r(title);
  if (annual > 0) {
    disclosure::JctReport j = acc.Jct(annual);
    r.Paragraph(
        "Counts only, read from the audit log: no request, person, official "
        "or taxpayer is named. Requests are counted in the year they were "
        "received; disclosures in the year they were released; taxpayers "
        "once each, however often their identity went out.");
    r.Facts({{"requests", std::to_string(j.total.requests)},
             {"disclosures", std::to_string(j.total.disclosures)},
             {"distinct taxpayers", std::to_string(j.total.taxpayers)}});
    std::vector<std::vector<std::string>> rows;
    for (const auto& [agency, by_statute] : j.by_agency_statute) {
      for (const auto& [statute, c] : by_statute) {
        rows.push_back(
            {agency.empty() ? "(unknown)" : agency,
             statute.empty() ? "(none)" : statute, std::to_string(c.requests),
             std::to_string(c.disclosures), std::to_string(c.taxpayers)});
      }
    }
    r.Heading("By agency and statute");
    r.Table("Requests, disclosures and taxpayers",
            {"agency", "statute", "requests", "disclosures", "taxpayers"},
            rows);
    std::vector<report::Bar> by_agency;
    for (const auto& [agency, c] : j.by_agency) {
      by_agency.push_back({agency.empty() ? "(unknown)" : agency,
                           static_cast<double>(c.disclosures)});
    }
    r.BarChart("Disclosures by agency", by_agency, "disclosures");
    r.Heading("Purposes declared and decisions");
    r.BarChart("Purposes declared on the requests", Bars(j.purposes),
               "requests");
    r.BarChart("Decisions on the requests", Bars(j.decisions), "requests");
    return r.Html();
  }
  r.Paragraph("Read from the audit log: entries dated " + from + " to " + to +
              " (UTC). A request decided twice (by a reviewer) counts once, "
              "with its latest decision.");
  r.Heading("Answers by outcome");
  r.BarChart("Latest decision of each request", Bars(outcomes), "requests");
  r.BarChart("What the agencies were told", Bars(answers), "answers");
  r.Heading("Answers by rule code");
  r.BarChart("Codes on the latest decisions", Bars(codes), "requests");
  r.Heading("Matching");
  r.BarChart("Matching decisions", Bars(match_decisions), "requests");
  r.Histogram("Match probability of each request's best candidate",
              probabilities, 20, 0, 1, "match probability");
  EstimateSection(&r, estimate);
  r.Heading("Reviews");
  r.BarChart("Reviewers' actions", Bars(reviews), "reviews");
  std::map<std::string, int64_t> by_agency;
  for (const auto& row : acc.Disclosures(from, to)) ++by_agency[row.agency];
  r.Heading("Disclosures");
  r.BarChart("Disclosures by agency (the accounting of 6103(p)(3)(A))",
             Bars(by_agency), "disclosures");
  return r.Html();
}

}  // namespace taxgate::cli
