#include "ruleset/ruleset.h"

#include <sys/stat.h>
#include <unicode/uchar.h>
#include <unicode/uversion.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "common/crypto.h"
#include "common/data_dir.h"
#include "common/file_util.h"

namespace taxgate::ruleset {
namespace {

// No input of a ruleset comes near this (the largest, the Census surname
// list, is under 1 MB): a bigger file is no table of ours.
constexpr off_t kMaxInputBytes = off_t{256} << 20;

// Reads an input file whole. Only a regular file is read (a FIFO or a
// device in the data folder would hang or flood the loader).
Result<InputFile> Read(const std::string& name, const std::string& path,
                       const std::string& what) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return Status::NotFound(path + ": cannot open " + what + " (" +
                            std::strerror(errno) + ")");
  }
  if (!S_ISREG(st.st_mode)) {
    return Status::InvalidArgument(path + ": " + what +
                                   " is not a regular file");
  }
  if (st.st_size > kMaxInputBytes) {
    return Status::InvalidArgument(path + ": " + what + " is " +
                                   std::to_string(st.st_size) +
                                   " bytes, more than any table taxgate reads");
  }
  auto bytes = ReadFile(path);
  if (!bytes.ok()) {
    return Status(bytes.status().code(), path + ": cannot read " + what + " (" +
                                             bytes.status().message() + ")");
  }
  return InputFile{name, path, std::move(bytes).value()};
}

std::string DirOf(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// The version of the Unicode data the text layer folds with ("15.0"): an
// ICU upgrade can change how a field folds, so it is an input too.
std::string UnicodeVersion() {
  UVersionInfo v;
  u_getUnicodeVersion(v);
  char buf[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(v, buf);
  return buf;
}

}  // namespace

Result<std::shared_ptr<const Ruleset>> LoadRuleset(
    const RulesetOptions& options) {
  const std::string policy_path = options.policy_path.empty()
                                      ? ConfigDir() + "/policy.toml"
                                      : options.policy_path;
  const std::string data_dir =
      options.data_dir.empty() ? DataDir() : options.data_dir;

  std::vector<InputFile> all;  // every byte the digest covers
  TG_ASSIGN_OR_RETURN(
      InputFile policy_file,
      Read("config/policy.toml", policy_path, "the policy file"));
  TG_ASSIGN_OR_RETURN(std::string statute_name,
                      policy::StatuteTableName(policy_file));
  std::string statute_path = statute_name;
  if (statute_path.empty() || statute_path[0] != '/') {
    statute_path = DirOf(policy_path) + "/" + statute_path;
  }
  auto statute_file =
      Read("config/statutes.csv", statute_path, "the statute table");
  if (!statute_file.ok()) {
    return Status(statute_file.status().code(),
                  policy_path + ": key 'statutes.table': " +
                      statute_file.status().message());
  }

  InputFiles data;
  std::vector<std::string> names(std::begin(normalize::kUspsFiles),
                                 std::end(normalize::kUspsFiles));
  names.insert(names.end(), std::begin(normalize::kNameFiles),
               std::end(normalize::kNameFiles));
  for (const auto& name : names) {
    TG_ASSIGN_OR_RETURN(InputFile f, Read(name, data_dir + "/" + name,
                                          "a file of the data folder"));
    all.push_back({"data/" + name, f.path, f.bytes});
    data.Add(std::move(f));
  }

  auto rs = std::make_shared<Ruleset>();
  TG_ASSIGN_OR_RETURN(normalize::Tables tables, normalize::BuildTables(data));
  rs->tables = std::make_shared<const normalize::Tables>(std::move(tables));
  TG_ASSIGN_OR_RETURN(
      policy::Policy pol,
      policy::ParsePolicy(policy_file, *statute_file, rs->tables->usps));
  rs->policy = std::make_shared<const policy::Policy>(std::move(pol));
  all.push_back(std::move(policy_file));
  all.push_back(std::move(statute_file).value());

  if (!options.model_path.empty()) {
    TG_ASSIGN_OR_RETURN(
        InputFile model_file,
        Read("model.json", options.model_path, "the model file"));
    auto model = linkage::ModelFromJson(model_file.bytes);
    if (!model.ok()) {
      return Status::InvalidArgument(model_file.path + ": " +
                                     model.status().message());
    }
    rs->model = std::move(model).value();
    all.push_back(std::move(model_file));
  }

  all.push_back({"unicode", "(ICU)", UnicodeVersion()});
  // The program's own version: the code holds logic too (the grammar's
  // spellings of PO boxes, the default model's priors).
  all.push_back({"taxgate", "(binary)", TAXGATE_VERSION});
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  std::string listing, tables_listing;
  for (const auto& f : all) {
    InputDigest d{f.name, f.path, ToHex(Sha256(f.bytes))};
    listing += d.name + '\t' + d.sha256 + '\n';
    if (d.name.starts_with("data/") || d.name == "unicode" ||
        d.name == "taxgate") {
      tables_listing += d.name + '\t' + d.sha256 + '\n';
    }
    rs->inputs.push_back(std::move(d));
  }
  rs->digest = ToHex(Sha256(listing));
  rs->tables_digest = ToHex(Sha256(tables_listing));
  return std::shared_ptr<const Ruleset>(std::move(rs));
}

Result<std::shared_ptr<const Ruleset>> DefaultRuleset() {
  static const Result<std::shared_ptr<const Ruleset>> loaded = LoadRuleset({});
  return loaded;
}

}  // namespace taxgate::ruleset
