#include "synth/synthesizer.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <thread>
#include <vector>

#include "common/crypto.h"
#include "common/data_dir.h"
#include "common/file_util.h"
#include "domain/official.h"
#include "domain/record.h"
#include "domain/request_signature.h"
#include "synth/address_generator.h"
#include "synth/csv_file_writer.h"
#include "synth/name_generator.h"
#include "synth/officials_generator.h"
#include "synth/population.h"
#include "synth/record_ids.h"
#include "synth/reference_tables.h"
#include "synth/request_generator.h"
#include "synth/text_util.h"

namespace taxgate::synth {
namespace {

constexpr int64_t kMaxPeople = 100'000'000;
constexpr int64_t kMaxRequests = 10'000'000;
// People per unit of work: up to 8192, smaller for small populations so
// that both threads always take part (the output never depends on it).
int64_t BlockSize(int64_t people) {
  return std::clamp<int64_t>(people / 16, 64, 8192);
}

Status Validate(const SynthOptions& o) {
  if (o.people < 1 || o.people > kMaxPeople) {
    return Status::InvalidArgument("people: got " + std::to_string(o.people) +
                                   ", want 1.." + std::to_string(kMaxPeople));
  }
  if (o.requests < 0 || o.requests > kMaxRequests) {
    return Status::InvalidArgument("requests: got " +
                                   std::to_string(o.requests) + ", want 0.." +
                                   std::to_string(kMaxRequests));
  }
  if (!(o.absent_share >= 0.0 && o.absent_share <= 1.0)) {
    return Status::InvalidArgument("absent_share: got " +
                                   std::to_string(o.absent_share) +
                                   ", want a share between 0 and 1");
  }
  if (o.latest_tax_year < 1903 || o.latest_tax_year > 9997) {
    return Status::InvalidArgument("latest_tax_year: got " +
                                   std::to_string(o.latest_tax_year) +
                                   ", want 1903..9997");
  }
  return Status::Ok();
}

// The rows of people [begin, end), formatted.
struct Block {
  std::string records;
  std::string records_truth;
  int64_t rows = 0;
};

void RenderBlock(const PopulationGenerator& population, const RecordIds& ids,
                 int64_t people, int64_t begin, int64_t end, Block* block) {
  block->records.clear();
  block->records_truth.clear();
  block->rows = 0;
  std::vector<domain::Record> rows;
  for (int64_t i = begin; i < end; ++i) {
    Person p = population.MakePerson(i);
    rows.clear();
    population.RenderRecords(p, ids, &rows);
    const std::string person_id = PersonId(i, people);
    for (const auto& r : rows) {
      AppendCsvRow(
          block->records,
          {r.record_id, r.tin, r.first_name, r.middle_name, r.last_name, r.dob,
           r.street, r.unit, r.city, r.state, r.zip, std::to_string(r.tax_year),
           domain::SourceName(r.source)});
      AppendCsvRow(block->records_truth, {r.record_id, person_id});
    }
    block->rows += static_cast<int64_t>(rows.size());
  }
}

// officials.csv with each official's public key, and official-keys.csv
// with the private ones (owner-only; what `taxgate sign --private-keys`
// reads).
Status WriteOfficials(const std::string& out_dir,
                      const OfficialRoster& roster) {
  TG_ASSIGN_OR_RETURN(auto w, CsvFileWriter::Open(out_dir + "/officials.csv"));
  w->WriteRow({"official_id", "name", "agency", "title", "role", "valid_from",
               "valid_to", "public_key"});
  std::string keys = "official_id,private_key\n";
  for (const auto& o : roster.officials) {
    w->WriteRow({o.official_id, o.name, o.agency, o.title,
                 domain::RoleName(o.role), o.valid_from, o.valid_to,
                 o.public_key});
    AppendCsvRow(keys,
                 {o.official_id, Base64Encode(domain::TestKeySeed(
                                     roster.key_seed_text, o.official_id))});
  }
  TG_RETURN_IF_ERROR(w->Close());
  return WriteOutputFile(out_dir + "/official-keys.csv", keys);
}

Result<int64_t> WriteRecords(const std::string& out_dir,
                             const PopulationGenerator& population,
                             const RecordIds& ids, int64_t people,
                             const ProgressFn& progress) {
  TG_ASSIGN_OR_RETURN(auto records,
                      CsvFileWriter::Open(out_dir + "/records.csv"));
  TG_ASSIGN_OR_RETURN(auto truth,
                      CsvFileWriter::Open(out_dir + "/records_truth.csv"));
  records->WriteRow({"record_id", "tin", "first_name", "middle_name",
                     "last_name", "dob", "street", "unit", "city", "state",
                     "zip", "tax_year", "source"});
  truth->WriteRow({"record_id", "person_id"});
  int64_t total = 0;
  Block blocks[2];
  const int64_t block = BlockSize(people);
  for (int64_t begin = 0; begin < people; begin += 2 * block) {
    int64_t mid = std::min(people, begin + block);
    int64_t end = std::min(people, begin + 2 * block);
    std::thread helper;
    if (mid < end) {
      helper = std::thread(RenderBlock, std::cref(population), std::cref(ids),
                           people, mid, end, &blocks[1]);
    }
    RenderBlock(population, ids, people, begin, mid, &blocks[0]);
    if (helper.joinable()) helper.join();
    for (int b = 0; b < (mid < end ? 2 : 1); ++b) {
      records->WriteRaw(blocks[b].records);
      truth->WriteRaw(blocks[b].records_truth);
      total += blocks[b].rows;
    }
    if (progress) progress("people", end, people);
  }
  TG_RETURN_IF_ERROR(records->Close());
  TG_RETURN_IF_ERROR(truth->Close());
  return total;
}

Status WriteRequests(const std::string& out_dir,
                     const RequestGenerator& generator, int64_t* requests,
                     int64_t* in_store) {
  TG_ASSIGN_OR_RETURN(auto request_file,
                      CsvFileWriter::Open(out_dir + "/requests.csv"));
  TG_ASSIGN_OR_RETURN(auto truth, CsvFileWriter::Open(out_dir + "/truth.csv"));
  request_file->WriteRow({"request_id",  "signed_by",   "official_id",
                          "case_number", "statute",     "tax_periods",
                          "reason",      "purpose",     "fields_requested",
                          "first_name",  "middle_name", "last_name",
                          "dob",         "street",      "unit",
                          "city",        "state",       "zip",
                          "tin",         "signature"});
  truth->WriteRow({"request_id", "record_id"});
  *requests = 0;
  *in_store = 0;
  TG_RETURN_IF_ERROR(generator.Generate([&](const GeneratedRequest& g) {
    const auto& r = g.request;
    const auto& p = r.person;
    request_file->WriteRow({r.request_id,  r.signed_by,   r.official_id,
                            r.case_number, r.statute,     r.tax_periods,
                            r.reason,      r.purpose,     r.fields_requested,
                            p.first_name,  p.middle_name, p.last_name,
                            p.dob,         p.street,      p.unit,
                            p.city,        p.state,       p.zip,
                            p.tin,         r.signature});
    ++*requests;
    if (!g.truth_record_id.empty() && !g.repeated) {  // one row per id
      truth->WriteRow({r.request_id, g.truth_record_id});
      ++*in_store;
    }
    return Status::Ok();
  }));
  TG_RETURN_IF_ERROR(request_file->Close());
  return truth->Close();
}

}  // namespace

Result<SynthSummary> WriteSynth(const SynthOptions& options,
                                const std::string& out_dir) {
  TG_RETURN_IF_ERROR(Validate(options));
  if (out_dir.empty()) return Status::InvalidArgument("out: empty folder name");
  const std::string data_dir =
      options.data_dir.empty() ? DataDir() : options.data_dir;
  TG_ASSIGN_OR_RETURN(ReferenceTables tables, ReferenceTables::Load(data_dir));
  NameGenerator names(tables);
  TG_ASSIGN_OR_RETURN(AddressGenerator addresses,
                      AddressGenerator::Create(tables));
  TG_RETURN_IF_ERROR(MakeOutputDir(out_dir));

  PopulationGenerator population(names, addresses, options.seed,
                                 options.latest_tax_year);
  population.SetTinNoise(options.hard);
  RecordIds ids(options.seed, options.people);
  OfficialRoster roster = MakeOfficials(options.seed, options.requests,
                                        options.latest_tax_year, names);
  TG_RETURN_IF_ERROR(WriteOfficials(out_dir, roster));

  SynthSummary summary{};
  summary.people = options.people;
  summary.officials = static_cast<int64_t>(roster.officials.size());
  TG_ASSIGN_OR_RETURN(
      summary.records,
      WriteRecords(out_dir, population, ids, options.people, options.progress));

  RequestBatchOptions batch_options;
  batch_options.people = options.people;
  batch_options.requests = options.requests;
  batch_options.absent_share = options.absent_share;
  batch_options.seed = options.seed;
  batch_options.latest_tax_year = options.latest_tax_year;
  batch_options.hard = options.hard;
  RequestGenerator generator(population, names, roster, ids, batch_options);
  TG_RETURN_IF_ERROR(WriteRequests(out_dir, generator, &summary.requests,
                                   &summary.requests_in_store));
  return summary;
}

}  // namespace taxgate::synth
