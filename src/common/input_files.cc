#include "common/input_files.h"

#include <utility>

namespace taxgate {

void InputFiles::Add(InputFile file) {
  std::string name = file.name;
  files_.insert_or_assign(std::move(name), std::move(file));
}

Result<const InputFile*> InputFiles::Get(std::string_view name) const {
  auto it = files_.find(name);
  if (it == files_.end()) {
    return Status::NotFound(std::string(name) + ": input file not read");
  }
  return &it->second;
}

}  // namespace taxgate
