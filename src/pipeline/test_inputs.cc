#include "pipeline/test_inputs.h"

#include <utility>

#include "common/crypto.h"
#include "common/csv_writer.h"
#include "common/file_util.h"
#include "domain/request_signature.h"
#include "intake/readers.h"
#include "linkage/model.h"
#include "pipeline/checkpoints.h"
#include "pipeline/keys.h"
#include "record_store/record_store.h"
#include "test_util.h"

namespace taxgate::pipeline::testing {
namespace {

std::string SeedOf(const std::string& official_id) {
  return domain::TestKeySeed(kTestKeySeed, official_id);
}

domain::Record Row(std::string id, std::string tin, std::string first,
                   std::string last, std::string dob, std::string street,
                   std::string unit, std::string city, std::string zip,
                   int year, domain::Source source) {
  domain::Record r;
  r.record_id = std::move(id);
  r.tin = std::move(tin);
  r.first_name = std::move(first);
  r.last_name = std::move(last);
  r.dob = std::move(dob);
  r.street = std::move(street);
  r.unit = std::move(unit);
  r.city = std::move(city);
  r.state = "IL";
  r.zip = std::move(zip);
  r.tax_year = year;
  r.source = source;
  return r;
}

domain::Request LawfulRequest(std::string id, std::string case_number,
                              std::string reason) {
  domain::Request r;
  r.request_id = std::move(id);
  r.signed_by = "ICE-HEAD-1";
  r.official_id = "ICE-INV-7";
  r.case_number = std::move(case_number);
  r.statute = "18 U.S.C. 1542";
  r.tax_periods = "2024;2025";
  r.reason = std::move(reason);
  r.purpose = "criminal_investigation";
  r.fields_requested = "address";
  return r;
}

}  // namespace

OperatorContext TestStore::Context(const std::string& operator_name) {
  return OperatorContext{db.get(),     &*ledger,
                         key,          operator_name,
                         NowIso8601(), record_store::IndexPath(keys_dir)};
}

Result<Ledger> OpenSignedLedger(storage::Database* db,
                                const std::string& keys_dir) {
  TG_ASSIGN_OR_RETURN(std::string origin, LogOrigin(db));
  TG_ASSIGN_OR_RETURN(auto signer,
                      LoadOrCreateCheckpointSigner(keys_dir, origin));
  TG_ASSIGN_OR_RETURN(Ledger ledger, Ledger::Open(db));
  ledger.SetCheckpointSigner(std::move(signer), origin);
  return ledger;
}

namespace {

Status OpenInto(TestStore& s, const std::string& spec,
                const std::string& keys_dir) {
  TG_ASSIGN_OR_RETURN(s.db, storage::OpenDatabase(spec));
  s.keys_dir = keys_dir;
  TG_ASSIGN_OR_RETURN(s.key, LoadStoreHmacKey(s.db.get(), s.keys_dir));
  TG_ASSIGN_OR_RETURN(Ledger ledger, OpenSignedLedger(s.db.get(), s.keys_dir));
  s.ledger.emplace(std::move(ledger));
  return Status::Ok();
}

}  // namespace

Result<TestStore> OpenTestStore(const std::string& path) {
  TestStore s;
  TG_RETURN_IF_ERROR(OpenInto(s, path, path + ".keys"));
  return s;
}

Result<TestStore> OpenFreshTestStore(taxgate::testing::Backend backend,
                                     const std::string& dir,
                                     const std::string& name) {
  TestStore s;
  TG_ASSIGN_OR_RETURN(s.scratch,
                      taxgate::testing::ScratchStore::Make(backend, dir, name));
  TG_RETURN_IF_ERROR(
      OpenInto(s, s.scratch->spec(), dir + "/" + name + ".keys"));
  return s;
}

std::string TestPublicKey(const std::string& official_id) {
  return Base64Encode(Ed25519PublicKey(SeedOf(official_id)));
}

Status WriteRecordsCsv(const std::string& path,
                       const std::vector<domain::Record>& records) {
  CsvWriter w(path);
  w.WriteRow(intake::RecordColumns());
  for (const auto& r : records) {
    w.WriteRow({r.record_id, r.tin, r.first_name, r.middle_name, r.last_name,
                r.dob, r.street, r.unit, r.city, r.state, r.zip,
                std::to_string(r.tax_year), domain::SourceName(r.source)});
  }
  return w.Close();
}

Status WriteOfficialsCsv(const std::string& path,
                         std::vector<domain::Official> officials) {
  CsvWriter w(path);
  w.WriteRow({"official_id", "name", "agency", "title", "role", "valid_from",
              "valid_to", "public_key"});
  for (auto& o : officials) {
    if (o.public_key.empty()) o.public_key = TestPublicKey(o.official_id);
    w.WriteRow({o.official_id, o.name, o.agency, o.title,
                domain::RoleName(o.role), o.valid_from, o.valid_to,
                o.public_key});
  }
  return w.Close();
}

Status WriteSignedRequestsCsv(const std::string& path,
                              std::vector<domain::Request> requests) {
  CsvWriter w(path);
  w.WriteRow(intake::RequestColumns());
  for (auto& r : requests) {
    r.signature.clear();
    r.signature = domain::SignRequest(r, SeedOf(r.signed_by));
    const auto& p = r.person;
    w.WriteRow({r.request_id,  r.signed_by,   r.official_id,
                r.case_number, r.statute,     r.tax_periods,
                r.reason,      r.purpose,     r.fields_requested,
                p.first_name,  p.middle_name, p.last_name,
                p.dob,         p.street,      p.unit,
                p.city,        p.state,       p.zip,
                p.tin,         r.signature});
  }
  return w.Close();
}

Result<std::string> WritePolicyCopy(
    const std::string& dir,
    const std::function<std::string(std::string)>& edit) {
  const std::string config = taxgate::testing::SourceDir() + "/config";
  TG_ASSIGN_OR_RETURN(std::string policy, ReadFile(config + "/policy.toml"));
  TG_ASSIGN_OR_RETURN(std::string statutes, ReadFile(config + "/statutes.csv"));
  TG_RETURN_IF_ERROR(MakeDirs(dir));
  TG_RETURN_IF_ERROR(WriteFileAtomically(dir + "/statutes.csv", statutes));
  const std::string path = dir + "/policy.toml";
  TG_RETURN_IF_ERROR(WriteFileAtomically(path, edit(std::move(policy))));
  return path;
}

Result<std::string> WriteTestModel(const std::string& dir) {
  const std::string path = dir + "/model.json";
  linkage::Model model = linkage::DefaultModel();
  model.version = kTestModelVersion;
  TG_RETURN_IF_ERROR(WriteFileAtomically(path, linkage::ModelToJson(model)));
  return path;
}

Result<SmallWorld> WriteSmallWorld(const std::string& dir) {
  using domain::Source;
  SmallWorld w;
  w.records_path = dir + "/records.csv";
  w.officials_path = dir + "/officials.csv";
  w.requests_path = dir + "/requests.csv";

  // Fillers: 48 other people of Illinois, so that names and places have
  // ordinary frequencies in the store.
  const char* kFirst[] = {"James", "Linda",   "Robert", "Patricia",
                          "John",  "Barbara", "Thomas", "Susan"};
  const char* kLast[] = {"Smith",  "Johnson", "Williams",
                         "Miller", "Davis",   "Wilson"};
  const char* kCities[][2] = {{"Chicago", "60614"},
                              {"Rockford", "61107"},
                              {"Naperville", "60540"},
                              {"Joliet", "60435"}};
  int n = 0;
  for (const char* first : kFirst) {
    for (const char* last : kLast) {
      const auto& city = kCities[n % 4];
      std::string dob = std::to_string(1950 + n % 40) + "-0" +
                        std::to_string(1 + n % 9) + "-1" +
                        std::to_string(n % 10);
      w.records.push_back(Row("R-F" + std::to_string(100 + n),
                              std::to_string(700000000 + 1013 * n), first, last,
                              dob, std::to_string(200 + 7 * n) + " Elm St", "",
                              city[0], city[1], 2024, Source::kReturn));
      ++n;
    }
  }
  w.records.push_back(Row("R-MARIA-2023", "123456789", "Maria", "Gonzalez",
                          "1980-04-12", "1420 N Main St", "", "Springfield",
                          "62701", 2023, Source::kReturn));
  w.records.push_back(Row("R-MARIA-2024", "123456789", "Maria", "Gonzalez",
                          "1980-04-12", "1420 N Main St", "", "Springfield",
                          "62701", 2024, Source::kReturn));
  w.records.push_back(Row(kMariaLatestRecord, "123456789", "Maria", "Gonzalez",
                          "1980-04-12", "77 Oak Ave", "Apt 2", "Springfield",
                          "62704", 2025, Source::kInfoReturn));
  w.records.push_back(Row(kTwinA, "234567890", "Daniel", "Hoffmann",
                          "1975-09-30", "315 W Jefferson St", "", "Peoria",
                          "61602", 2024, Source::kReturn));
  w.records.push_back(Row(kTwinB, "345678901", "Daniel", "Hoffmann",
                          "1975-09-30", "315 W Jefferson St", "", "Peoria",
                          "61602", 2024, Source::kReturn));
  TG_RETURN_IF_ERROR(WriteRecordsCsv(w.records_path, w.records));

  domain::Official head;
  head.official_id = "ICE-HEAD-1";
  head.name = "Dana Whitfield";
  head.agency = "ICE";
  head.title = "Director";
  head.role = domain::Role::kHeadOfAgency;
  head.valid_from = "2020-01-01";
  domain::Official agent;
  agent.official_id = "ICE-INV-7";
  agent.name = "Sam Ortiz";
  agent.agency = "ICE";
  agent.title = "Special Agent";
  agent.role = domain::Role::kInvestigator;
  agent.valid_from = "2020-01-01";
  TG_RETURN_IF_ERROR(WriteOfficialsCsv(w.officials_path, {head, agent}));

  std::vector<domain::Request> batch(kSmallBatchSize);
  batch[kLawfulPosition] = LawfulRequest(
      "REQ-1", "CR-2026-0101",
      "Maria Gonzalez is charged with false statements on a passport "
      "application and the agent must serve her a trial subpoena.");
  batch[kLawfulPosition].person = {
      "Maria",       "",   "Gonzalez", "1980-04-12", "1420 N Main St", "",
      "Springfield", "IL", "62701",    "123456789"};
  batch[kUnrealPosition] = LawfulRequest(
      "REQ-2", "CR-2026-0102",
      "Peter Novak is under indictment for passport fraud and the court "
      "needs his mailing address to send a summons.");
  batch[kUnrealPosition].person = {
      "Peter",           "", "Novak",       "1969-02-14",
      "Unknown Address", "", "Springfield", "IL",
      "62701",           ""};
  batch[kAbsentPosition] = LawfulRequest(
      "REQ-3", "CR-2026-0103",
      "Zelda Quimby used a stolen identity on two passport forms and agents "
      "need her address to execute an arrest warrant.");
  batch[kAbsentPosition].person = {
      "Zelda", "",        "Quimby", "1961-03-03", "88 Birch Ln",
      "",      "Madison", "WI",     "53703",      "456789012"};
  batch[kTwinPosition] = LawfulRequest(
      "REQ-4", "CR-2026-0104",
      "Daniel Hoffmann witnessed the sale of forged passports and "
      "investigators need his address to serve a grand jury subpoena.");
  batch[kTwinPosition].person = {
      "Daniel", "",       "Hoffmann", "1975-09-30", "315 W Jefferson St",
      "",       "Peoria", "IL",       "61602",      ""};
  TG_RETURN_IF_ERROR(WriteSignedRequestsCsv(w.requests_path, batch));
  return w;
}

Result<SmallSetup> SetUpSmallWorld(const std::string& dir,
                                   taxgate::testing::Backend backend) {
  SmallSetup out;
  TG_ASSIGN_OR_RETURN(out.world, WriteSmallWorld(dir));
  TG_ASSIGN_OR_RETURN(out.model_path, WriteTestModel(dir));
  TG_ASSIGN_OR_RETURN(out.rules,
                      ruleset::LoadRuleset({.model_path = out.model_path}));
  TG_ASSIGN_OR_RETURN(out.store, OpenFreshTestStore(backend, dir, "store.db"));
  TG_ASSIGN_OR_RETURN(auto loaded, LoadRecordStore(out.store.Context(),
                                                   out.world.records_path));
  if (loaded.loaded != static_cast<int64_t>(out.world.records.size()) ||
      !loaded.rejected.empty()) {
    return Status::Internal("the small world's records did not all load");
  }
  return out;
}

}  // namespace taxgate::pipeline::testing
