// The wire formats of C2SP tlog-witness (https://c2sp.org/tlog-witness)
// and the log operator's list of witnesses.
//
// add-checkpoint request body:
//   "old " decimal(old size) "\n"          no leading zeros ("0" for none)
//   base64(hash) "\n"  x 0..63             consistency proof, old -> new
//   "\n"
//   <signed checkpoint note>
//
// Witnesses file (docs/witnesses.md): one witness a line, '#' comments and
// blank lines skipped:
//   <name> <URL> <verifier key>
// name: a short label ([A-Za-z0-9._-], at most 64), unique in the file; it
// names the witness in messages and in the store's meta keys. URL: the
// witness's submission prefix (http://host:port[/path]); add-checkpoint is
// POSTed to URL + "/add-checkpoint", its latest checkpoint of a log read
// from URL + "/" + hex(SHA-256(origin)) + "/checkpoint". Verifier key: the
// witness's cosigner key (audit/cosignature.h; `taxgate witness key`).
//
// Pure; thread-safe.
#ifndef TAXGATE_WITNESS_PROTOCOL_H_
#define TAXGATE_WITNESS_PROTOCOL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "audit/cosignature.h"
#include "common/crypto.h"
#include "common/status.h"

namespace taxgate::witness {

inline constexpr size_t kMaxProofLines = 63;
// Content-Type of a 409 answer: the witness's latest size and "\n".
inline constexpr char kSizeContentType[] = "text/x.tlog.size";

struct AddCheckpointRequest {
  uint64_t old_size = 0;
  std::vector<Hash256> proof;
  std::string checkpoint;  // the signed note
};

std::string FormatAddCheckpoint(const AddCheckpointRequest& request);
// Errors: InvalidArgument naming the line that is wrong (a witness answers
// 400 Bad Request).
Result<AddCheckpointRequest> ParseAddCheckpoint(std::string_view body);

// The path segment of a log in the monitoring API: lowercase hex of
// SHA-256(origin).
std::string OriginHash(std::string_view origin);

// Splits a signed note into its text (each line with its "\n") and its
// signature lines (after the empty line). Errors: InvalidArgument when
// there is no empty line.
Status SplitNote(std::string_view note, std::string* text,
                 std::string* signatures);

struct WitnessEndpoint {
  std::string name;  // label from the witnesses file
  std::string url;   // submission prefix, no trailing '/'
  audit::CosignerKey key;
};

// Parses a witnesses file's text; `file` names it in errors. Errors:
// InvalidArgument "<file>:<line>: ..." naming the field that is wrong (a
// bad name, a URL not http:// or https://, a bad key, a name used twice).
Result<std::vector<WitnessEndpoint>> ParseWitnesses(std::string_view text,
                                                    const std::string& file);

}  // namespace taxgate::witness

#endif  // TAXGATE_WITNESS_PROTOCOL_H_
