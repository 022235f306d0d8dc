#include "domain/request_signature.h"

#include <algorithm>

#include "common/crypto.h"

namespace taxgate::domain {
namespace {

constexpr std::string_view kDomain = "taxgate-request-v1\n";

void AppendJsonString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\b':
        *out += "\\b";
        break;
      case '\f':
        *out += "\\f";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (c < 0x20) {
          *out += "\\u00";
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

}  // namespace

const std::vector<std::string>& SignedRequestColumns() {
  static const std::vector<std::string> kColumns = {
      "request_id",  "signed_by",   "official_id",
      "case_number", "statute",     "tax_periods",
      "reason",      "purpose",     "fields_requested",
      "first_name",  "middle_name", "last_name",
      "dob",         "street",      "unit",
      "city",        "state",       "zip",
      "tin"};
  return kColumns;
}

std::string CanonicalJson(
    std::vector<std::pair<std::string, std::string>> members) {
  std::sort(members.begin(), members.end());
  std::string out = "{";
  for (size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(members[i].first, &out);
    out.push_back(':');
    AppendJsonString(members[i].second, &out);
  }
  out.push_back('}');
  return out;
}

std::vector<std::pair<std::string, std::string>> SignedRequestMembers(
    const Request& r) {
  const PersonQuery& p = r.person;
  return {{"request_id", r.request_id},
          {"signed_by", r.signed_by},
          {"official_id", r.official_id},
          {"case_number", r.case_number},
          {"statute", r.statute},
          {"tax_periods", r.tax_periods},
          {"reason", r.reason},
          {"purpose", r.purpose},
          {"fields_requested", r.fields_requested},
          {"first_name", p.first_name},
          {"middle_name", p.middle_name},
          {"last_name", p.last_name},
          {"dob", p.dob},
          {"street", p.street},
          {"unit", p.unit},
          {"city", p.city},
          {"state", p.state},
          {"zip", p.zip},
          {"tin", p.tin}};
}

std::string SignedRequestBytes(const Request& r) {
  std::string out(kDomain);
  out += CanonicalJson(SignedRequestMembers(r));
  return out;
}

const char* SignatureCheckName(SignatureCheck c) {
  switch (c) {
    case SignatureCheck::kValid:
      return "ok";
    case SignatureCheck::kMissing:
      return "missing";
    case SignatureCheck::kMalformed:
      return "malformed";
    case SignatureCheck::kNoKey:
      return "no_key";
    case SignatureCheck::kBad:
      return "bad";
  }
  return "bad";
}

SignatureCheck CheckRequestSignature(const Request& r, const Official* signer) {
  if (r.signature.empty()) return SignatureCheck::kMissing;
  auto sig = Base64Decode(r.signature);
  if (!sig || sig->size() != kEd25519SignatureBytes) {
    return SignatureCheck::kMalformed;
  }
  if (signer == nullptr || signer->public_key.empty()) {
    return SignatureCheck::kNoKey;
  }
  auto key = Base64Decode(signer->public_key);
  if (!key || key->size() != kEd25519PublicKeyBytes) {
    return SignatureCheck::kNoKey;
  }
  return Ed25519Verify(*key, SignedRequestBytes(r), *sig)
             ? SignatureCheck::kValid
             : SignatureCheck::kBad;
}

std::string SignRequest(const Request& r, std::string_view seed) {
  return Base64Encode(Ed25519Sign(seed, SignedRequestBytes(r)));
}

std::string TestKeySeed(std::string_view seed_text,
                        std::string_view official_id) {
  std::string input(seed_text);
  input += '/';
  input.append(official_id);
  Hash256 h = Sha256(input);
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

}  // namespace taxgate::domain
