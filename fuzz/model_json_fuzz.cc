// Fuzzes the linkage model file (linkage/model.h: ModelFromJson), which an
// operator may edit by hand and give to --model.
//
// Properties: no crash, sanitizer report or hang (bad JSON, wrong types and
// out-of-range values are errors, not exceptions); a model that reads is
// written back (ModelToJson) to JSON that reads to the same JSON again, and
// its digest and weights are defined.
#include <cmath>
#include <string>

#include "fuzz_util.h"
#include "linkage/model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taxgate;
  using namespace taxgate::fuzz;
  auto model = linkage::ModelFromJson(std::string(AsText(data, size)));
  if (!model.ok()) return 0;
  const std::string json = linkage::ModelToJson(*model);
  auto again = linkage::ModelFromJson(json);
  if (!again.ok()) {
    std::fprintf(stderr, "written back, the model does not read: %s\n%s\n",
                 again.status().ToString().c_str(), json.c_str());
  }
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(linkage::ModelToJson(*again) == json);
  FUZZ_CHECK(linkage::ModelDigest(*again) == linkage::ModelDigest(*model));
  for (int f = 0; f < linkage::kNumFields; ++f) {
    for (int l = 0; l < linkage::NumLevels(f); ++l) {
      FUZZ_CHECK(!std::isnan(model->Weight(f, l)));
    }
  }
  FUZZ_CHECK(std::isfinite(model->PriorWeight()));
  return 0;
}
