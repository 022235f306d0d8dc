#include "test_util.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace taxgate::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base ? base : "/tmp") + "/taxgate-test-XXXXXX";
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::File(const std::string& name) const {
  return path_ + "/" + name;
}

std::string TempDir::Write(const std::string& name,
                           const std::string& content) const {
  std::string p = File(name);
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

std::string SourceDir() {
  const char* s = std::getenv("TAXGATE_SOURCE_DIR");
  return s ? s : std::filesystem::current_path().string();
}

std::string SharedDir() {
  const char* s = std::getenv("TAXGATE_SHARED_DIR");
  if (s) return s;
  return SourceDir() + "/../shared";
}

}  // namespace taxgate::testing
