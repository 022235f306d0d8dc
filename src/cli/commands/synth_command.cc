#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_context.h"
#include "common/progress.h"
#include "synth/synthesizer.h"

namespace taxgate::cli {

void RegisterSynth(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "synth",
      "Write a synthetic US population and request batch: records.csv, "
      "requests.csv, officials.csv, truth.csv, records_truth.csv");
  auto opts = std::make_shared<synth::SynthOptions>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("--people", opts->people, "people in the store")
      ->check(Positive())
      ->capture_default_str();
  cmd->add_option("--requests", opts->requests, "requests in the batch")
      ->check(NonNegative())
      ->capture_default_str();
  cmd->add_option("--seed", opts->seed, "random seed (same seed, same files)")
      ->capture_default_str();
  cmd->add_option("--absent-share", opts->absent_share,
                  "share of requests whose person is not in the store")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  auto difficulty = std::make_shared<std::string>("normal");
  cmd->add_option("--difficulty", *difficulty,
                  "normal, or hard: the request batch full of what the "
                  "held-out sets showed the linkage misses (hypocorisms, one "
                  "or swapped surnames, one given name of a compound, no "
                  "date of birth, name-only requests, relatives of people "
                  "in the store who are not in it)")
      ->check(CLI::IsMember({"normal", "hard"}))
      ->capture_default_str();
  cmd->add_option("--out", *out, "output folder")->required();
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "print the summary as one JSON object");
  cmd->callback([=] {
    *run = [=] {
      auto t0 = std::chrono::steady_clock::now();
      synth::SynthOptions o = *opts;
      o.hard = *difficulty == "hard";
      auto progress = std::make_unique<TerminalProgress>("synth");
      o.progress = progress->Fn();
      auto s = synth::WriteSynth(o, *out);
      progress.reset();
      if (!s.ok()) return Fail(s.status());
      double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
              .count();
      if (*json) {
        std::cout << nlohmann::json{{"people", s->people},
                                    {"records", s->records},
                                    {"requests", s->requests},
                                    {"requests_in_store", s->requests_in_store},
                                    {"officials", s->officials},
                                    {"difficulty", *difficulty},
                                    {"out", *out},
                                    {"seconds", secs}}
                         .dump()
                  << "\n";
        return kExitOk;
      }
      std::cout << "synth: " << s->people << " people, " << s->records
                << " records, " << s->requests << " requests ("
                << s->requests_in_store << " of people in the store), "
                << s->officials << " officials in " << secs << " s\n"
                << "wrote " << *out << "/{records,requests,officials,truth,"
                << "records_truth}.csv\n"
                << "wrote " << *out << "/official-keys.csv (the officials' "
                << "private signing keys, owner-only: for tests and demos)\n";
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
