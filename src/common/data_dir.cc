#include "common/data_dir.h"

#include <cstdlib>

namespace taxgate {

std::string DataDir() {
  const char* env = std::getenv("TAXGATE_DATA_DIR");
  return env ? env : TAXGATE_DEFAULT_DATA_DIR;
}

std::string ConfigDir() {
  const char* env = std::getenv("TAXGATE_CONFIG_DIR");
  return env ? env : TAXGATE_DEFAULT_CONFIG_DIR;
}

}  // namespace taxgate
