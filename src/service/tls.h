// TLS material for `taxgate serve`: who is asking (the agency of a client
// certificate), and test certificates for demos and tests (`taxgate keys
// --tls DIR`): a CA, a server certificate and agency certificates, ECDSA
// P-256, SHA-256. Production certificates come from the operator's CA; the
// test CA's key is written beside its certificate (0600) and must never be
// used for real agencies.
#ifndef TAXGATE_SERVICE_TLS_H_
#define TAXGATE_SERVICE_TLS_H_

#include <openssl/ssl.h>

#include <string>
#include <vector>

#include "common/status.h"

namespace taxgate::service {

// Loads the server's certificate chain (PEM) and its private key into
// `ctx`, TLS 1.2 at least. False, with `problem` naming the file that is
// wrong, when either cannot be used.
bool UseServerCertificate(SSL_CTX* ctx, const std::string& cert,
                          const std::string& key, std::string* problem);

// What the server learned of a connection's client certificate.
struct ClientIdentity {
  bool presented = false;       // a certificate was sent
  bool verified = false;        // it chains to the configured CA and is in date
  std::string agency;           // the subject's CN (the agency code)
  std::string problem;          // why it is not verified, in words
  std::string fingerprint_hex;  // SHA-256 of the certificate (DER)
};

// Reads the peer certificate of `ssl` and the result of its verification
// (the server verifies against its CA but lets the handshake finish, so a
// refusal can be answered and audited).
ClientIdentity IdentifyClient(const SSL* ssl);

struct CertOptions {
  std::string dir;                        // where the files go (0700)
  std::vector<std::string> agencies;      // agency certificates to make
  std::string server_name = "localhost";  // CN and DNS name (+ 127.0.0.1)
  int valid_from_days = 0;  // not before: now + this many days (may be < 0)
  int valid_days = 365;     // not after: not before + this many days
  std::string name;  // file name of the agency certificates ("" = agency)
};

// Makes ca.pem/ca.key in `dir` unless there, then server.pem/server.key
// unless there, then `<name or agency>.pem/.key` for each agency (replaced).
// Keys 0600. Returns the files written. Errors: Unavailable on I/O,
// InvalidArgument for an agency code that is not letters, digits, '-'.
Result<std::vector<std::string>> MakeTestCertificates(const CertOptions& o);

}  // namespace taxgate::service

#endif  // TAXGATE_SERVICE_TLS_H_
