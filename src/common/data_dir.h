// Where taxgate finds the files it ships: the data folder (reference lists,
// nickname tables) and the config folder (policy.toml, statutes.csv). The
// product never reads ../shared, and no path of the source tree is compiled
// in: taxgate finds its files the way installed software does.
//
// Layout (FHS, relative to the running binary's own folder <bindir>, read
// from /proc/self/exe with symlinks resolved):
//   <bindir>/../share/taxgate   the data folder   (the repository's data/)
//   <bindir>/../etc/taxgate     the config folder (the repository's config/)
// `cmake --install` lays out bin/, share/taxgate/ and etc/taxgate/ this way;
// the build tree links <builddir>/src/share/taxgate and
// <builddir>/src/etc/taxgate to the source's data/ and config/, so a binary
// built in <builddir>/src/<module>/ finds them too (README.md, "Install").
#ifndef TAXGATE_COMMON_DATA_DIR_H_
#define TAXGATE_COMMON_DATA_DIR_H_

#include <string>

namespace taxgate {

// $TAXGATE_DATA_DIR if set and not empty, else <bindir>/../share/taxgate
// (as a path without "..": the parent of <bindir> + "/share/taxgate"). The
// folder need not exist: a caller that cannot open a file names it.
std::string DataDir();
// $TAXGATE_CONFIG_DIR if set and not empty, else <bindir>/../etc/taxgate
// (same rules as DataDir()).
std::string ConfigDir();

}  // namespace taxgate

#endif  // TAXGATE_COMMON_DATA_DIR_H_
