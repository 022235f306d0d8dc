// taxgate_synth_bench: times WriteSynth.
//   taxgate_synth_bench [--people N] [--requests M] [--seed S] [--out DIR]
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "synth/synthesizer.h"

int main(int argc, char** argv) {
  taxgate::synth::SynthOptions options;
  options.people = 1'000'000;
  options.requests = 10'000;
  std::string out = "/tmp/taxgate_synth_bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--people") {
      options.people = std::atoll(value);
    } else if (flag == "--requests") {
      options.requests = std::atoll(value);
    } else if (flag == "--seed") {
      options.seed = std::strtoull(value, nullptr, 10);
    } else if (flag == "--out") {
      out = value;
    } else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  auto t0 = std::chrono::steady_clock::now();
  auto result = taxgate::synth::WriteSynth(options, out);
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  if (!result.ok()) {
    std::cerr << result.status().ToString() << "\n";
    return 1;
  }
  std::cout << result->people << " people, " << result->records << " records, "
            << result->requests << " requests (" << result->requests_in_store
            << " in store), " << result->officials << " officials in " << secs
            << " s: " << static_cast<double>(result->people) / secs
            << " people/s\n";
  return 0;
}
