// `taxgate report accounting|jct`: the records 26 U.S.C. 6103(p)(3) and the
// Privacy Act require, read from the audit log (disclosure/accounting.h), so
// they reconcile with it exactly. Read only: a copy of the store will do.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_context.h"
#include "cli/reports.h"
#include "common/date.h"
#include "common/file_util.h"
#include "disclosure/accounting.h"

namespace taxgate::cli {
namespace {

using Json = nlohmann::json;

Result<disclosure::Accounting> ReadLog(const std::string& db_spec) {
  TG_ASSIGN_OR_RETURN(auto db, OpenExistingDatabase(db_spec));
  disclosure::Accounting acc;
  TG_RETURN_IF_ERROR(db->ScanAuditLeaves(
      [&](const storage::AuditLeaf& l) { return acc.Add(l.index, l.entry); }));
  return acc;
}

Json CountsJson(const disclosure::JctCounts& c) {
  return Json{{"requests", c.requests},
              {"disclosures", c.disclosures},
              {"taxpayers", c.taxpayers}};
}

}  // namespace

void RegisterReport(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "report", "The accounting the law requires, read from the audit log");
  cmd->require_subcommand(1);
  auto db = std::make_shared<std::string>("taxgate.db");
  auto json = std::make_shared<bool>(false);
  auto out = std::make_shared<std::string>();

  auto* acc = cmd->add_subcommand(
      "accounting",
      "Every disclosure (26 U.S.C. 6103(p)(3)(A), 5 U.S.C. 552a(c)): date, "
      "agency, official, statute, purpose, fields released (names, not "
      "values), request id, and the audit entry that proves it");
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  acc->add_option("--from", *from, "first date (YYYY-MM-DD)")->required();
  acc->add_option("--to", *to, "last date (YYYY-MM-DD), included")->required();
  acc->add_option("--db", *db, "store")->capture_default_str();
  acc->add_option("--out", *out, "write the CSV here instead of stdout");
  acc->add_flag("--json", *json, "print JSON lines instead of CSV");
  acc->callback([=] {
    *run = [=] {
      for (const auto* d : {from.get(), to.get()}) {
        if (!ParseIsoDate(*d)) {
          return Fail(Status::InvalidArgument("report accounting: got '" + *d +
                                              "', want YYYY-MM-DD"));
        }
      }
      auto log = ReadLog(*db);
      if (!log.ok()) return Fail(log.status());
      auto rows = log->Disclosures(*from, *to);
      std::string text;
      if (*json) {
        for (const auto& r : rows) {
          Json fields = Json::array();
          for (const auto& f : r.fields) {
            fields.push_back({{"field", f.field},
                              {"source", f.source},
                              {"tax_year", f.tax_year}});
          }
          text += Json{{"date", r.date},
                       {"time", r.time},
                       {"agency", r.agency},
                       {"official_id", r.official_id},
                       {"signed_by", r.signed_by},
                       {"statute", r.statute},
                       {"purpose", r.purpose},
                       {"fields", fields},
                       {"request_id", r.request_id},
                       {"case_number", r.case_number},
                       {"batch", r.batch},
                       {"profile", r.profile},
                       {"disclosure_leaf", r.disclosure_leaf}}
                      .dump() +
                  "\n";
        }
      } else {
        text = disclosure::AccountingCsv(rows);
      }
      if (out->empty()) {
        std::cout << text;
      } else {
        Status s = WriteOutputFile(*out, text);
        if (!s.ok()) return Fail(s);
        std::cerr << "report accounting: " << rows.size()
                  << " disclosures from " << *from << " to " << *to
                  << "; wrote " << *out << "\n";
      }
      return kExitOk;
    };
  });

  auto* jct = cmd->add_subcommand(
      "jct",
      "A year's counts by agency and statute (26 U.S.C. 6103(p)(3)(B), "
      "(C)): requests, disclosures, distinct taxpayers; and purposes");
  auto year = std::make_shared<int>(0);
  jct->add_option("--year", *year, "calendar year")
      ->required()
      ->check(CLI::Range(1900, 9999));
  jct->add_option("--db", *db, "store")->capture_default_str();
  jct->add_flag("--json", *json, "print one JSON object");
  jct->callback([=] {
    *run = [=] {
      auto log = ReadLog(*db);
      if (!log.ok()) return Fail(log.status());
      disclosure::JctReport r = log->Jct(*year);
      if (*json) {
        Json agencies = Json::object();
        for (const auto& [a, c] : r.by_agency) {
          Json statutes = Json::object();
          for (const auto& [s, sc] : r.by_agency_statute.at(a)) {
            statutes[s] = CountsJson(sc);
          }
          agencies[a] = CountsJson(c);
          agencies[a]["by_statute"] = statutes;
        }
        std::cout << Json{{"year", r.year},
                          {"total", CountsJson(r.total)},
                          {"by_agency", agencies},
                          {"purposes", r.purposes},
                          {"decisions", r.decisions}}
                         .dump()
                  << "\n";
        return kExitOk;
      }
      std::cout << "Disclosures under 26 U.S.C. 6103(i)(2), " << r.year
                << "\n  requests " << r.total.requests << ", disclosures "
                << r.total.disclosures << ", taxpayers " << r.total.taxpayers
                << "\n";
      for (const auto& [a, c] : r.by_agency) {
        std::cout << "  " << (a.empty() ? "(unknown agency)" : a)
                  << ": requests " << c.requests << ", disclosures "
                  << c.disclosures << ", taxpayers " << c.taxpayers << "\n";
        for (const auto& [s, sc] : r.by_agency_statute.at(a)) {
          std::cout << "    " << (s.empty() ? "(no statute)" : s)
                    << ": requests " << sc.requests << ", disclosures "
                    << sc.disclosures << ", taxpayers " << sc.taxpayers << "\n";
        }
      }
      std::cout << "  purposes declared:";
      for (const auto& [p, n] : r.purposes) std::cout << " " << p << " " << n;
      std::cout << "\n  decisions:";
      for (const auto& [d, n] : r.decisions) std::cout << " " << d << " " << n;
      std::cout << "\n";
      return kExitOk;
    };
  });

  auto* html = cmd->add_subcommand(
      "html",
      "An HTML report with charts (no network needed to open it), read from "
      "the audit log: answers by outcome and code, match probabilities, the "
      "model's own error estimate, reviews and disclosures for a period; "
      "with --year, the annual public report of 26 U.S.C. 6103(p)(3)(C) "
      "(counts only)");
  auto annual = std::make_shared<int>(0);
  auto* html_from = html->add_option("--from", *from, "first day, YYYY-MM-DD");
  auto* html_to = html->add_option("--to", *to, "last day, YYYY-MM-DD");
  auto* html_year =
      html->add_option("--year", *annual,
                       "the annual public report of this calendar year")
          ->check(CLI::Range(1900, 9999));
  html_year->excludes(html_from)->excludes(html_to);
  html->add_option("--out", *out, "the HTML file to write")->required();
  html->add_option("--db", *db, "store")->capture_default_str();
  html->callback([=] {
    *run = [=] {
      std::string first = *from, last = *to;
      if (*annual > 0) {
        first = std::to_string(*annual) + "-01-01";
        last = std::to_string(*annual) + "-12-31";
      } else {
        if (first.empty() || last.empty()) {
          return Fail(Status::InvalidArgument(
              "report html: give --from and --to, or --year"));
        }
        for (const std::string* d : {&first, &last}) {
          if (!ParseIsoDate(*d)) {
            return Fail(Status::InvalidArgument(
                "report html: '" + *d + "' is not a date (YYYY-MM-DD)"));
          }
        }
        if (first > last) {
          return Fail(
              Status::InvalidArgument("report html: --from is after --to"));
        }
      }
      auto store = OpenExistingDatabase(*db);
      if (!store.ok()) return Fail(store.status());
      auto page = LogReport(store->get(), first, last, *annual);
      if (!page.ok()) return Fail(page.status());
      if (Status s = WriteOutputFile(*out, *page); !s.ok()) return Fail(s);
      std::cout << "report html: wrote " << *out << " (" << first << " to "
                << last << ")\n";
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
