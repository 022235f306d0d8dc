// WriteSynth: a synthetic US population and an agency's request batch, as
// the files FORMATS.md defines: records.csv (the tax-record store),
// requests.csv, officials.csv, and the evaluation truth truth.csv and
// records_truth.csv. This is `taxgate synth`.
//
// The same options (seed included) give byte-identical files. About one
// person in five is Hispanic; see population.h for the people and their
// rows, request_generator.h for the batch and its mix of lawful and
// unlawful requests, officials_generator.h for the registry.
//
// Speed: about a million people in well under a minute on two cores (rows
// are generated on two threads, written in a fixed order). Memory stays
// bounded: every file is streamed.
//
// Thread-safety: WriteSynth may be called from several threads for
// different out_dirs.
#ifndef TAXGATE_SYNTH_SYNTHESIZER_H_
#define TAXGATE_SYNTH_SYNTHESIZER_H_

#include <cstdint>
#include <string>

#include "common/progress.h"
#include "common/status.h"

namespace taxgate::synth {

struct SynthOptions {
  int64_t people = 1000;   // people in the store; REQUIRES 1..100,000,000
  int64_t requests = 100;  // requests in the batch; REQUIRES 0..10,000,000
  uint64_t seed = 1;       // same seed, same files
  double absent_share =
      0.2;  // share of requests whose person is NOT in the store
  int latest_tax_year = 2025;  // the newest tax year in the store
  std::string data_dir;        // folder holding reference/ (default: DataDir())
  bool hard = false;           // the hard request batch (request_generator.h)
  ProgressFn progress;         // told of the people written (stage "people")
};

struct SynthSummary {
  int64_t people, records, requests, requests_in_store, officials;
};

// Writes the five files into out_dir (created if missing).
// Errors: InvalidArgument for bad options, NotFound if reference data is
// missing, Unavailable on I/O.
Result<SynthSummary> WriteSynth(const SynthOptions& options,
                                const std::string& out_dir);

}  // namespace taxgate::synth

#endif  // TAXGATE_SYNTH_SYNTHESIZER_H_
