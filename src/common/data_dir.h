// Where taxgate finds the data it ships (data/: reference lists, nickname
// tables; config/: the policy file). The product never reads ../shared.
#ifndef TAXGATE_COMMON_DATA_DIR_H_
#define TAXGATE_COMMON_DATA_DIR_H_

#include <string>

namespace taxgate {

// $TAXGATE_DATA_DIR if set, else the repository's data/ folder (fixed at
// build time).
std::string DataDir();
// $TAXGATE_CONFIG_DIR if set, else the repository's config/ folder.
std::string ConfigDir();

}  // namespace taxgate

#endif  // TAXGATE_COMMON_DATA_DIR_H_
