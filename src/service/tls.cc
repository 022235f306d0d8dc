#include "service/tls.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cctype>
#include <functional>
#include <memory>

#include "common/crypto.h"
#include "common/file_util.h"

namespace taxgate::service {

bool UseServerCertificate(SSL_CTX* ctx, const std::string& cert,
                          const std::string& key, std::string* problem) {
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert.c_str()) != 1) {
    *problem = cert + ": not a PEM certificate chain";
    return false;
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1) {
    *problem = key + ": not the PEM private key of " + cert;
    return false;
  }
  return true;
}
namespace {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

Status OpenSslError(const std::string& what) {
  char buf[256];
  unsigned long e = ERR_get_error();  // NOLINT(runtime/int)
  ERR_error_string_n(e, buf, sizeof buf);
  return Status::Internal(what + ": " + buf);
}

std::string SubjectCn(X509* cert) {
  X509_NAME* name = X509_get_subject_name(cert);
  int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (i < 0) return "";
  ASN1_STRING* s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
  const unsigned char* p = ASN1_STRING_get0_data(s);
  return std::string(reinterpret_cast<const char*>(p), ASN1_STRING_length(s));
}

Result<std::string> Pem(const std::function<int(BIO*)>& write) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get()) != 1) return OpenSslError("PEM_write");
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);  // NOLINT(runtime/int)
  return std::string(data, static_cast<size_t>(n));
}

Result<KeyPtr> NewKey() {
  KeyPtr k(EVP_EC_gen("P-256"));
  if (!k) return OpenSslError("EVP_EC_gen");
  return k;
}

Status AddExt(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return OpenSslError("X509V3_EXT_conf_nid");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return Status::Ok();
}

enum class Kind { kCa, kServer, kClient };

// A certificate for `cn` with `key`, signed by `issuer`/`issuer_key` (self
// when null).
Result<X509Ptr> MakeCert(const std::string& cn, EVP_PKEY* key, Kind kind,
                         X509* issuer, EVP_PKEY* issuer_key,
                         const CertOptions& o, const std::string& dns) {
  X509Ptr cert(X509_new());
  if (!cert) return OpenSslError("X509_new");
  X509_set_version(cert.get(), 2);
  std::string serial = RandomBytes(16);
  serial[0] = static_cast<char>(serial[0] & 0x7f);
  BIGNUM* bn = BN_bin2bn(reinterpret_cast<const unsigned char*>(serial.data()),
                         static_cast<int>(serial.size()), nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  const long day = 86400;  // NOLINT(runtime/int)
  const int from = kind == Kind::kClient ? o.valid_from_days : 0;
  const int days = kind == Kind::kCa ? 3650 : o.valid_days;
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), from * day);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), (from + days) * day);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()),
                             -1, -1, 0);
  X509_NAME_add_entry_by_txt(
      name, "O", MBSTRING_UTF8,
      reinterpret_cast<const unsigned char*>("taxgate test"), -1, -1, 0);
  X509* signer = issuer ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  X509_set_pubkey(cert.get(), key);
  switch (kind) {
    case Kind::kCa:
      TG_RETURN_IF_ERROR(AddExt(cert.get(), signer, NID_basic_constraints,
                                "critical,CA:TRUE"));
      TG_RETURN_IF_ERROR(AddExt(cert.get(), signer, NID_key_usage,
                                "critical,keyCertSign,cRLSign"));
      break;
    case Kind::kServer:
      TG_RETURN_IF_ERROR(AddExt(cert.get(), signer, NID_subject_alt_name,
                                ("DNS:" + dns + ",IP:127.0.0.1").c_str()));
      TG_RETURN_IF_ERROR(
          AddExt(cert.get(), signer, NID_ext_key_usage, "serverAuth"));
      break;
    case Kind::kClient:
      TG_RETURN_IF_ERROR(
          AddExt(cert.get(), signer, NID_ext_key_usage, "clientAuth"));
      break;
  }
  if (X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) == 0) {
    return OpenSslError("X509_sign");
  }
  return cert;
}

Status WritePair(const std::string& base, X509* cert, EVP_PKEY* key,
                 std::vector<std::string>* written) {
  TG_ASSIGN_OR_RETURN(std::string cert_pem,
                      Pem([&](BIO* b) { return PEM_write_bio_X509(b, cert); }));
  TG_ASSIGN_OR_RETURN(std::string key_pem, Pem([&](BIO* b) {
                        return PEM_write_bio_PrivateKey(
                            b, key, nullptr, nullptr, 0, nullptr, nullptr);
                      }));
  TG_RETURN_IF_ERROR(
      WriteFileAtomically(base + ".key", key_pem, /*owner_only=*/true));
  TG_RETURN_IF_ERROR(
      WriteFileAtomically(base + ".pem", cert_pem, /*owner_only=*/true));
  written->push_back(base + ".pem");
  written->push_back(base + ".key");
  return Status::Ok();
}

Result<std::pair<X509Ptr, KeyPtr>> ReadPair(const std::string& base) {
  TG_ASSIGN_OR_RETURN(std::string cert_pem, ReadFile(base + ".pem"));
  TG_ASSIGN_OR_RETURN(std::string key_pem, ReadFile(base + ".key"));
  BioPtr cb(
      BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())));
  BioPtr kb(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
  X509Ptr cert(PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr));
  KeyPtr key(PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr));
  if (!cert || !key) {
    return Status::InvalidArgument(base +
                                   ".pem/.key: not a PEM certificate and key");
  }
  return std::make_pair(std::move(cert), std::move(key));
}

}  // namespace

ClientIdentity IdentifyClient(const SSL* ssl) {
  ClientIdentity id;
  if (ssl == nullptr) {
    id.problem = "not a TLS connection";
    return id;
  }
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (cert == nullptr) {
    id.problem = "no client certificate";
    return id;
  }
  id.presented = true;
  id.agency = SubjectCn(cert);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (X509_digest(cert, EVP_sha256(), md, &n) == 1) {
    Hash256 h{};
    for (unsigned int i = 0; i < n && i < h.size(); ++i) {
      h[i] = static_cast<uint8_t>(md[i]);
    }
    id.fingerprint_hex = ToHex(h);
  }
  // A CA's certificate, or one whose key usage is not client
  // authentication, is no agency's certificate.
  const bool is_ca = X509_check_ca(cert) != 0;
  const bool for_clients =
      X509_check_purpose(cert, X509_PURPOSE_SSL_CLIENT, 0) == 1;
  X509_free(cert);
  if (is_ca) {
    id.problem = "client certificate refused: it is a CA certificate";
    return id;
  }
  if (!for_clients) {
    id.problem =
        "client certificate refused: not for TLS client authentication";
    return id;
  }
  const long result = SSL_get_verify_result(ssl);  // NOLINT(runtime/int)
  if (result != X509_V_OK) {
    id.problem = std::string("client certificate refused: ") +
                 X509_verify_cert_error_string(result);
    return id;
  }
  if (id.agency.empty()) {
    id.problem = "client certificate has no subject CN (the agency code)";
    return id;
  }
  id.verified = true;
  return id;
}

Result<std::vector<std::string>> MakeTestCertificates(const CertOptions& o) {
  for (const auto& a : o.agencies) {
    bool ok = !a.empty();
    for (char c : a) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') ok = false;
    }
    if (!ok) {
      return Status::InvalidArgument("--agency '" + a +
                                     "': want letters, digits and '-'");
    }
  }
  TG_RETURN_IF_ERROR(MakeOutputDir(o.dir));
  ::chmod(o.dir.c_str(), 0700);
  std::vector<std::string> written;
  const std::string ca_base = o.dir + "/ca";
  X509Ptr ca;
  KeyPtr ca_key;
  if (FileExists(ca_base + ".pem")) {
    TG_ASSIGN_OR_RETURN(auto pair, ReadPair(ca_base));
    ca = std::move(pair.first);
    ca_key = std::move(pair.second);
  } else {
    TG_ASSIGN_OR_RETURN(ca_key, NewKey());
    TG_ASSIGN_OR_RETURN(ca, MakeCert("taxgate test CA", ca_key.get(), Kind::kCa,
                                     nullptr, nullptr, o, ""));
    TG_RETURN_IF_ERROR(WritePair(ca_base, ca.get(), ca_key.get(), &written));
  }
  if (!FileExists(o.dir + "/server.pem")) {
    TG_ASSIGN_OR_RETURN(auto key, NewKey());
    TG_ASSIGN_OR_RETURN(
        auto cert, MakeCert(o.server_name, key.get(), Kind::kServer, ca.get(),
                            ca_key.get(), o, o.server_name));
    TG_RETURN_IF_ERROR(
        WritePair(o.dir + "/server", cert.get(), key.get(), &written));
  }
  for (const auto& agency : o.agencies) {
    TG_ASSIGN_OR_RETURN(auto key, NewKey());
    TG_ASSIGN_OR_RETURN(auto cert, MakeCert(agency, key.get(), Kind::kClient,
                                            ca.get(), ca_key.get(), o, ""));
    std::string base = o.dir + "/" + (o.name.empty() ? agency : o.name);
    TG_RETURN_IF_ERROR(WritePair(base, cert.get(), key.get(), &written));
  }
  return written;
}

}  // namespace taxgate::service
