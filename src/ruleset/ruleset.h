// Ruleset: everything that can change an outcome, loaded once by a face
// (the `taxgate` command now, the service later) and passed by const
// reference to the pure modules (DESIGN.md, "Layers").
//
// It holds the policy file with its statute table and placeholder lists
// (policy/policy.h), the reference tables of normalization with the USPS
// vocabulary the address check shares (normalize/tables.h, usps.h), and the
// linkage model when one is given as a file (otherwise each batch trains its
// own by EM and names it by its digest). Its digest is SHA-256 over the
// name and bytes of every input file, plus the version of the Unicode data
// the text layer folds with and taxgate's own version (the code holds some
// logic too): change one byte of any of them and the digest changes. Every
// decision and every policy and match audit entry carries it, so a decision can
// be reproduced from the log and the files it names.
//
// Loading is the only place that reads these files; policy, normalize,
// linkage and disclosure never read files or the environment.
//
// Thread-safety: immutable once loaded; share one instance freely.
#ifndef TAXGATE_RULESET_RULESET_H_
#define TAXGATE_RULESET_RULESET_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "linkage/model.h"
#include "normalize/tables.h"
#include "policy/policy.h"

namespace taxgate::ruleset {

// Where the inputs are. Empty fields take the defaults: the config folder
// (ConfigDir(): $TAXGATE_CONFIG_DIR or the install's etc/taxgate) for the
// policy file, the data folder (DataDir()) for the tables, no model file.
struct RulesetOptions {
  std::string policy_path = {};  // "" -> ConfigDir() + "/policy.toml"
  std::string data_dir = {};     // "" -> DataDir()
  std::string model_path = {};   // "" -> none (trained per batch)
};

// One input file as named in the digest.
struct InputDigest {
  std::string name;    // "config/policy.toml", "data/reference/nicknames.csv"
  std::string path;    // where it was read
  std::string sha256;  // hex of its bytes
};

struct Ruleset {
  std::shared_ptr<const policy::Policy> policy;
  std::shared_ptr<const normalize::Tables> tables;
  std::optional<linkage::Model> model;  // from RulesetOptions::model_path
  std::vector<InputDigest> inputs;      // sorted by name
  std::string digest;                   // SHA-256 hex over `inputs`
  // SHA-256 hex over what normalization depends on (the data folder's
  // files, the Unicode data, taxgate's version), not the policy or model:
  // a stored match index is valid for these tables only
  // (record_store/index_file.h).
  std::string tables_digest;

  // The first 12 hex digits of the digest, for messages.
  std::string ShortDigest() const { return digest.substr(0, 12); }
};

// Reads every input file once and parses them. Errors: NotFound naming a
// file that cannot be read (a missing or damaged data folder is an error,
// never a fallback); InvalidArgument naming file, line and field of
// anything malformed.
Result<std::shared_ptr<const Ruleset>> LoadRuleset(
    const RulesetOptions& options);

// LoadRuleset({}) (the installed policy and data folder), loaded once per
// process and shared: for tests and tools that need the shipped rules.
Result<std::shared_ptr<const Ruleset>> DefaultRuleset();

}  // namespace taxgate::ruleset

#endif  // TAXGATE_RULESET_RULESET_H_
