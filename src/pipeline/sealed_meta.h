// Store settings (meta) that someone who can write the store but does not
// hold its key must not be able to forge or move: the value is kept as
// "<hex HMAC-SHA-256>\n<text>", the HMAC over the meta key and the text
// under a key derived from the store's (never the store's key itself, which
// makes the audit log's keyed digests of texts others choose). Used for the
// requests kept for review, proposed disclosures and the console's users (a
// forged user would be a way in).
#ifndef TAXGATE_PIPELINE_SEALED_META_H_
#define TAXGATE_PIPELINE_SEALED_META_H_

#include <optional>
#include <string>
#include <utility>

#include "common/status.h"
#include "storage/database.h"

namespace taxgate::pipeline {

// The meta (key, value) pair that keeps `text` under `meta_key`.
std::pair<std::string, std::string> SealMeta(const std::string& key,
                                             const std::string& meta_key,
                                             const std::string& text);

// The text kept under `meta_key`: nullopt when never set or set to ""
// (withdrawn). Errors: DataLoss when the seal does not verify; those of the
// store.
Result<std::optional<std::string>> ReadSealedMeta(storage::Database* db,
                                                  const std::string& key,
                                                  const std::string& meta_key);

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_SEALED_META_H_
