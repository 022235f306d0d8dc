// A table of real US cities (and Puerto Rico) with their state, a ZIP3
// prefix that serves them, a population weight and a rough Hispanic share of
// residents, so generated city/state/ZIP combinations look real and Hispanic
// people live mostly where Hispanic communities are. Compiled for this
// project; approximate by design. Thread-safe (constant data).
#ifndef TAXGATE_SYNTH_US_CITIES_H_
#define TAXGATE_SYNTH_US_CITIES_H_

#include <string_view>
#include <vector>

namespace taxgate::synth {

struct City {
  std::string_view name;   // upper case, as USPS spells it ("SAINT LOUIS")
  std::string_view state;  // USPS two-letter code
  int zip3;                // a ZIP3 prefix of the city (e.g. 770 for Houston)
  double weight;           // population, thousands (approximate)
  double hispanic;         // share of residents who are Hispanic, 0..1
};

const std::vector<City>& UsCities();

// True for states where Spanish street names are common (CA, TX, AZ, NM,
// NV, CO, FL) and for Puerto Rico.
bool SpanishStreetState(std::string_view state);

}  // namespace taxgate::synth

#endif  // TAXGATE_SYNTH_US_CITIES_H_
