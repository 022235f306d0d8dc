#include "common/data_dir.h"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>

namespace taxgate {
namespace {

// The folder above the running binary's folder ("/opt/taxgate" for
// /opt/taxgate/bin/taxgate), symlinks resolved. When /proc/self/exe cannot
// be read (no /proc), ".." of the working directory: set the environment
// variables there.
std::string ComputePrefix() {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n <= 0) return "..";
  std::string path(exe, static_cast<size_t>(n));
  size_t slash = path.rfind('/');
  std::string bindir = slash == std::string::npos ? std::string(".")
                       : slash == 0               ? std::string("/")
                                                  : path.substr(0, slash);
  char real[PATH_MAX];
  if (realpath(bindir.c_str(), real) != nullptr) bindir = real;
  if (bindir == "/") return "";  // "/../share" is "/share"
  slash = bindir.rfind('/');
  if (slash == std::string::npos) return bindir + "/..";
  return bindir.substr(0, slash);
}

const std::string& Prefix() {
  static const std::string prefix = ComputePrefix();
  return prefix;
}

std::string EnvOr(const char* name, const char* below_prefix) {
  const char* env = std::getenv(name);
  if (env != nullptr && *env != '\0') return env;
  return Prefix() + below_prefix;
}

}  // namespace

std::string DataDir() { return EnvOr("TAXGATE_DATA_DIR", "/share/taxgate"); }

std::string ConfigDir() { return EnvOr("TAXGATE_CONFIG_DIR", "/etc/taxgate"); }

}  // namespace taxgate
