// `taxgate release`: settles what time settles and writes a batch's answers
// (pipeline/answers.h): matching reviews open past the policy's review
// deadline are answered no_record, and once every eligible request of the
// batch is settled their answers are released together.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_context.h"
#include "cli/reports.h"
#include "pipeline/processor.h"
#include "ruleset/ruleset.h"

namespace taxgate::cli {

void RegisterRelease(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "release",
      "Release a processed batch's answers: a matching review still open at "
      "the policy's review deadline is answered no_record; once every "
      "eligible request is settled, all of their answers go out together. "
      "Writes the batch's outputs (response.csv, disclosures.jsonl, ...)");
  struct Opts {
    std::string requests, out, db = "taxgate.db", policy;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--requests", o->requests, "the batch file")->required();
  cmd->add_option("--out", o->out, "output folder")->required();
  cmd->add_option("--db", o->db, "store")->capture_default_str();
  cmd->add_option("--policy", o->policy,
                  "policy file (its review deadline; default the shipped one)");
  cmd->add_flag("--json", o->json, "print the summary as one JSON object");
  cmd->callback([=] {
    *run = [=] {
      // Always today: answers go out now, so the deadline and the last
      // checks (holds, officials in force) are read on today's date. A
      // date in the future would close reviews early, one in the past
      // would let an official out of office release.
      const Date date = TodayUtc();
      auto rules = ruleset::LoadRuleset({.policy_path = o->policy});
      if (!rules.ok()) return Fail(rules.status());
      auto store = OpenStore(o->db);
      if (!store.ok()) return Fail(store.status());
      pipeline::OperatorContext ctx = store->OperatorContext();
      auto a = pipeline::AnswerBatchFile(ctx, **rules, o->requests, date);
      if (!a.ok()) return Fail(a.status());
      auto batch_id = pipeline::FileDigest(o->requests);
      if (!batch_id.ok()) return Fail(batch_id.status());
      std::map<std::string, int64_t> by_answer;
      auto written = pipeline::WriteBatchOutputs(
          store->db.get(), *store->ledger, *batch_id, o->out, &by_answer);
      if (!written.ok()) return Fail(written.status());
      // The report follows the outputs it is drawn from.
      if (auto r = WriteBatchReport(
              o->out, "taxgate: batch " + batch_id->substr(0, 16), {});
          !r.ok()) {
        return Fail(r.status());
      }
      written->push_back(o->out + "/report.html");
      if (o->json) {
        std::cout << nlohmann::json{{"batch_id", *batch_id},
                                    {"expired_reviews", a->expired},
                                    {"released_now", a->answered},
                                    {"open_matching_reviews", a->open_reviews},
                                    {"held", a->held},
                                    {"review_deadline", a->deadline},
                                    {"answers", by_answer},
                                    {"outputs", *written}}
                         .dump()
                  << "\n";
        return kExitOk;
      }
      std::cout << "release: batch " << batch_id->substr(0, 16) << "… as of "
                << date.ToString() << ": " << a->answered
                << " answers released now\n";
      PrintAnswers(by_answer, *a);
      for (const auto& f : *written) std::cout << "  wrote " << f << "\n";
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
