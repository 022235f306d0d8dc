#include "pipeline/sealed_meta.h"

#include "common/crypto.h"

namespace taxgate::pipeline {
namespace {

// The seals' own key, derived from the store's: the store's key itself
// makes the log's keyed digests (of notes and reasons, whose text a
// reviewer or an agency chooses), and a digest of a chosen text must never
// be a valid seal.
std::string SealKey(const std::string& key) {
  const Hash256 k = HmacSha256(key, "taxgate sealed-meta v1");
  return std::string(reinterpret_cast<const char*>(k.data()), k.size());
}

std::string Mac(const std::string& key, const std::string& meta_key,
                const std::string& text) {
  return ToHex(HmacSha256(SealKey(key), meta_key + "\n" + text));
}

}  // namespace

std::pair<std::string, std::string> SealMeta(const std::string& key,
                                             const std::string& meta_key,
                                             const std::string& text) {
  return {meta_key, Mac(key, meta_key, text) + "\n" + text};
}

Result<std::optional<std::string>> ReadSealedMeta(storage::Database* db,
                                                  const std::string& key,
                                                  const std::string& meta_key) {
  Result<std::string> value = db->ReadMeta(meta_key);
  if (value.status().code() == StatusCode::kNotFound ||
      (value.ok() && value->empty())) {
    return std::optional<std::string>();
  }
  TG_RETURN_IF_ERROR(value.status());
  const size_t nl = value->find('\n');
  if (nl == std::string::npos ||
      !SecureEqual(value->substr(0, nl),
                   Mac(key, meta_key, value->substr(nl + 1)))) {
    return Status::DataLoss(meta_key +
                            ": its seal does not verify (the store was "
                            "altered, or its key is not this store's)");
  }
  return std::optional<std::string>(value->substr(nl + 1));
}

}  // namespace taxgate::pipeline
