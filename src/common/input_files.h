// InputFiles: the bytes of the files an outcome depends on, read once by the
// loader of the ruleset (ruleset/ruleset.h) and handed to the pure modules,
// which parse them without touching the file system.
//
// Each file has a name (its path relative to the folder it belongs to:
// "reference/usps_states.csv", "policy.toml") by which a module asks for it,
// and the path it was read from, which error messages name.
//
// A value type; immutable once built. Thread-compatible.
#ifndef TAXGATE_COMMON_INPUT_FILES_H_
#define TAXGATE_COMMON_INPUT_FILES_H_

#include <map>
#include <string>
#include <string_view>

#include "common/status.h"

namespace taxgate {

struct InputFile {
  std::string name;   // "reference/usps_states.csv"
  std::string path;   // where it was read from (named in error messages)
  std::string bytes;  // its content, as read
};

class InputFiles {
 public:
  // Adds (or replaces) the file under its name.
  void Add(InputFile file);
  // Errors: NotFound naming the file when it was not read.
  Result<const InputFile*> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return files_.count(name) > 0; }
  const std::map<std::string, InputFile, std::less<>>& all() const {
    return files_;
  }

 private:
  std::map<std::string, InputFile, std::less<>> files_;
};

}  // namespace taxgate

#endif  // TAXGATE_COMMON_INPUT_FILES_H_
