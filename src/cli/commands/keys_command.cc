// `taxgate keys` and `taxgate sign`: Ed25519 key pairs for officials and
// signed request files (FORMATS.md, "Signed requests"), for tests, demos and
// agencies that sign with taxgate itself. The bytes signed are
// domain::SignedRequestBytes; ../shared/tools/sign_requests.py is an
// independent implementation of the same.
//
// Private keys live in one CSV file (official_id, private_key: the base64 of
// the 32-byte Ed25519 seed), written owner-only (0600) and never
// overwritten; `sign` refuses a key file that others may read. With --seed,
// keys are derived as sign_requests.py derives them (SHA-256 of the seed
// text, "/" and the official id): test keys that anyone knowing the text can
// use.
#include <sys/stat.h>

#include <cstdio>
#include <iostream>
#include <map>

#include "cli/cli_context.h"
#include "common/crypto.h"
#include "common/csv_reader.h"
#include "common/csv_writer.h"
#include "common/file_util.h"
#include "common/strings.h"
#include "domain/request_signature.h"
#include "intake/readers.h"
#include "service/tls.h"

namespace taxgate::cli {
namespace {

// A CSV read whole: its header and rows (fields exactly as written).
struct Table {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
  std::unique_ptr<CsvReader> reader;
};

Result<Table> ReadTable(const std::string& path,
                        const std::vector<std::string>& required) {
  Table t;
  TG_ASSIGN_OR_RETURN(t.reader, CsvReader::Open(path));
  t.header = t.reader->header();
  TG_RETURN_IF_ERROR(ColumnMap::Build(path, t.header, required, {}).status());
  CsvRow row;
  while (true) {
    TG_ASSIGN_OR_RETURN(bool more, t.reader->Next(&row));
    if (!more) break;
    std::string shape = t.reader->RowShapeError(row);
    if (!shape.empty()) return Status::InvalidArgument(shape);
    t.rows.push_back(row);
  }
  return t;
}

int ColumnIndex(const std::vector<std::string>& header, std::string_view name) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// Adds `name` to the header if missing; returns its index.
int EnsureColumn(Table* t, const std::string& name) {
  int i = ColumnIndex(t->header, name);
  if (i >= 0) return i;
  t->header.push_back(name);
  for (auto& r : t->rows) r.fields.emplace_back();
  return static_cast<int>(t->header.size()) - 1;
}

Status WriteTable(const Table& t, const std::string& path) {
  CsvWriter w(path);
  w.WriteRow(t.header);
  for (const auto& r : t.rows) w.WriteRow(r.fields);
  return w.Close();
}

// official_id -> 32-byte seed, from a private key file.
Result<std::map<std::string, std::string>> ReadPrivateKeys(
    const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    return Status::NotFound(path + ": cannot open the private key file");
  }
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%03o", st.st_mode & 0777);
    return Status::PermissionDenied(path +
                                    ": private keys open to others (mode " +
                                    mode + "): chmod 600 it, or make new keys");
  }
  TG_ASSIGN_OR_RETURN(auto t, ReadTable(path, {"official_id", "private_key"}));
  int id_col = ColumnIndex(t.header, "official_id");
  int key_col = ColumnIndex(t.header, "private_key");
  std::map<std::string, std::string> out;
  for (const auto& r : t.rows) {
    auto seed = Base64Decode(Trim(r.fields[key_col]));
    if (!seed || seed->size() != kEd25519SeedBytes) {
      return Status::InvalidArgument(
          path + ":" + std::to_string(r.line) +
          ": column 'private_key': want the base64 of a 32-byte Ed25519 "
          "seed");
    }
    out[std::string(Trim(r.fields[id_col]))] = *seed;
  }
  return out;
}

}  // namespace

void RegisterKeys(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "keys",
      "Make Ed25519 key pairs for the officials of an officials.csv: writes "
      "it again with a public_key column, and the private keys to an "
      "owner-only file. With --tls DIR: TEST certificates for taxgate serve "
      "instead (a CA, a server certificate, one client certificate per "
      "--agency)");
  struct Opts {
    std::string officials, out, private_keys, seed;
    bool force = false;
    service::CertOptions tls;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--officials", o->officials,
                  "officials.csv to read (required without --tls)");
  cmd->add_option("--out", o->out,
                  "officials.csv to write (with public_key; required "
                  "without --tls)");
  cmd->add_option("--private-keys", o->private_keys,
                  "where the private keys go (official_id,private_key; "
                  "created 0600; required without --tls)");
  cmd->add_option("--tls", o->tls.dir,
                  "make TEST TLS certificates in this folder (0700): ca.pem "
                  "(+ca.key, kept and reused), server.pem/.key for "
                  "--server-name and 127.0.0.1, and <AGENCY>.pem/.key per "
                  "--agency, whose subject CN is the agency code. Tests and "
                  "demos only: real agencies get certificates from the "
                  "operator's CA");
  cmd->add_option("--agency", o->tls.agencies,
                  "with --tls: an agency to make a client certificate for "
                  "(repeatable)");
  cmd->add_option("--server-name", o->tls.server_name,
                  "with --tls: the server's DNS name")
      ->capture_default_str();
  cmd->add_option("--valid-from-days", o->tls.valid_from_days,
                  "with --tls: agency certificates valid from today + N "
                  "days (negative: in the past)");
  cmd->add_option("--valid-days", o->tls.valid_days,
                  "with --tls: agency and server certificates valid this "
                  "many days")
      ->capture_default_str();
  cmd->add_option("--cert-name", o->tls.name,
                  "with --tls: file name of the agency certificate (default "
                  "the agency code)");
  cmd->add_option("--seed", o->seed,
                  "derive TEST keys from this text as sign_requests.py does "
                  "(anyone who knows it can sign): tests and demos only");
  cmd->add_flag("--force", o->force, "replace an existing private key file");
  cmd->callback([=] {
    *run = [=] {
      if (!o->tls.dir.empty()) {
        auto written = service::MakeTestCertificates(o->tls);
        if (!written.ok()) return Fail(written.status());
        for (const auto& f : *written) std::cout << "wrote " << f << "\n";
        Warn({"these are TEST certificates (the CA key is in " + o->tls.dir +
              "): never give them to a real agency"});
        return kExitOk;
      }
      for (const auto& [value, name] : {std::pair{o->officials, "--officials"},
                                        {o->out, "--out"},
                                        {o->private_keys, "--private-keys"}}) {
        if (value.empty()) {
          return Fail(Status::InvalidArgument(std::string("keys: ") + name +
                                              " is required (or --tls DIR)"));
        }
      }
      if (!o->force && FileExists(o->private_keys)) {
        return Fail(Status::AlreadyExists(
            o->private_keys +
            ": exists; keys are never overwritten (--force replaces them)"));
      }
      auto t = ReadTable(o->officials, {"official_id"});
      if (!t.ok()) return Fail(t.status());
      int id_col = ColumnIndex(t->header, "official_id");
      int pk_col = EnsureColumn(&*t, "public_key");
      CsvWriter secrets;
      secrets.WriteRow({"official_id", "private_key"});
      for (auto& r : t->rows) {
        std::string id(Trim(r.fields[id_col]));
        if (id.empty()) {
          return Fail(Status::InvalidArgument(o->officials + ":" +
                                              std::to_string(r.line) +
                                              ": column 'official_id': empty"));
        }
        std::string seed = o->seed.empty() ? RandomBytes(kEd25519SeedBytes)
                                           : domain::TestKeySeed(o->seed, id);
        r.fields[pk_col] = Base64Encode(Ed25519PublicKey(seed));
        secrets.WriteRow({id, Base64Encode(seed)});
      }
      Status s = WriteOutputFile(o->private_keys, secrets.buffer());
      if (!s.ok()) return Fail(s);
      s = WriteTable(*t, o->out);
      if (!s.ok()) return Fail(s);
      if (!o->seed.empty()) {
        Warn(
            {"keys derived from --seed are test keys: anyone who knows the "
             "seed can sign as these officials"});
      }
      std::cout << "keys: " << t->rows.size() << " key pairs; public keys in "
                << o->out << ", private keys in " << o->private_keys
                << " (owner-only)\n";
      return kExitOk;
    };
  });
}

void RegisterSign(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand(
      "sign",
      "Sign every request of a requests.csv with its signer's private key "
      "(FORMATS.md, \"Signed requests\"); or, with --check, verify the "
      "signatures of a file against an officials.csv; or, with --bytes N, "
      "print the exact bytes signed for data row N");
  struct Opts {
    std::string requests, out, private_keys, seed, as = "signed_by";
    std::string check_officials;
    int bytes_row = 0;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--requests", o->requests, "requests.csv")->required();
  cmd->add_option("--out", o->out,
                  "requests.csv to write, with a signature column");
  cmd->add_option("--private-keys", o->private_keys,
                  "the private key file of taxgate keys");
  cmd->add_option("--seed", o->seed,
                  "sign with TEST keys derived from this text (as "
                  "sign_requests.py and taxgate keys --seed)");
  cmd->add_option("--as", o->as,
                  "the column naming the official who signs (default "
                  "signed_by)")
      ->capture_default_str();
  cmd->add_option("--check", o->check_officials,
                  "verify against this officials.csv instead of signing: "
                  "prints request_id,result (ok, missing, malformed, no_key, "
                  "bad); exit 1 unless every row is ok");
  cmd->add_option("--bytes", o->bytes_row,
                  "print the bytes signed for this data row (1 = first)")
      ->check(Positive());
  cmd->callback([=] {
    *run = [=] {
      auto t = ReadTable(o->requests, {"request_id"});
      if (!t.ok()) return Fail(t.status());
      auto cols = ColumnMap::Build(o->requests, t->header, {"request_id"},
                                   intake::RequestColumns());
      if (!cols.ok()) return Fail(cols.status());
      if (o->bytes_row > 0) {
        if (static_cast<size_t>(o->bytes_row) > t->rows.size()) {
          return Fail(Status::InvalidArgument(
              "--bytes " + std::to_string(o->bytes_row) + ": " + o->requests +
              " has " + std::to_string(t->rows.size()) + " data rows"));
        }
        std::cout << domain::SignedRequestBytes(
            intake::RequestFromRow(*cols, t->rows[o->bytes_row - 1]));
        return kExitOk;
      }
      if (!o->check_officials.empty()) {
        auto officials = intake::ReadOfficials(o->check_officials);
        if (!officials.ok()) return Fail(officials.status());
        std::map<std::string, domain::Official> by_id;
        for (auto& off : officials->rows) by_id[off.official_id] = off;
        int bad = 0;
        std::cout << "request_id,result\n";
        for (const auto& row : t->rows) {
          domain::Request q = intake::RequestFromRow(*cols, row);
          auto it = by_id.find(std::string(Trim(q.signed_by)));
          auto check = domain::CheckRequestSignature(
              q, it == by_id.end() ? nullptr : &it->second);
          if (check != domain::SignatureCheck::kValid) ++bad;
          CsvWriter line;
          line.WriteRow({q.request_id, domain::SignatureCheckName(check)});
          std::cout << line.buffer();
        }
        return bad == 0 ? kExitOk : kExitFailure;
      }
      if (o->out.empty()) {
        return Fail(Status::InvalidArgument(
            "sign: give --out FILE (or --check OFFICIALS, or --bytes N)"));
      }
      if (o->private_keys.empty() == o->seed.empty()) {
        return Fail(Status::InvalidArgument(
            "sign: give exactly one of --private-keys FILE and --seed TEXT"));
      }
      std::map<std::string, std::string> keys;
      if (!o->private_keys.empty()) {
        auto read = ReadPrivateKeys(o->private_keys);
        if (!read.ok()) return Fail(read.status());
        keys = std::move(*read);
      }
      int as_col = ColumnIndex(t->header, o->as);
      if (as_col < 0) {
        return Fail(Status::InvalidArgument(o->requests + ":1: column '" +
                                            o->as + "' missing (--as)"));
      }
      int sig_col = EnsureColumn(&*t, "signature");
      for (auto& row : t->rows) {
        std::string signer = row.fields[as_col];
        std::string seed;
        if (!o->seed.empty()) {
          seed = domain::TestKeySeed(o->seed, signer);
        } else {
          auto k = keys.find(std::string(Trim(signer)));
          if (k == keys.end()) {
            return Fail(Status::InvalidArgument(
                o->requests + ":" + std::to_string(row.line) + ": column '" +
                o->as + "': no private key for official '" + signer + "' in " +
                o->private_keys + "; nothing written"));
          }
          seed = k->second;
        }
        row.fields[sig_col].clear();
        domain::Request q = intake::RequestFromRow(*cols, row);
        row.fields[sig_col] = domain::SignRequest(q, seed);
      }
      Status s = WriteTable(*t, o->out);
      if (!s.ok()) return Fail(s);
      std::cout << "sign: " << t->rows.size() << " requests signed into "
                << o->out << "\n";
      return kExitOk;
    };
  });
}

}  // namespace taxgate::cli
