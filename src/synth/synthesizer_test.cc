#include "synth/synthesizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/csv_reader.h"
#include "common/file_util.h"
#include "common/strings.h"
#include "synth/name_generator.h"
#include "synth/officials_generator.h"
#include "synth/population.h"
#include "synth/reference_tables.h"
#include "synth/request_generator.h"
#include "synth/text_util.h"
#include "test_util.h"

namespace taxgate::synth {
namespace {

using Table = std::vector<std::map<std::string, std::string>>;

const char* const kFiles[] = {"records.csv", "requests.csv", "officials.csv",
                              "truth.csv", "records_truth.csv"};

std::string DataDirForTests() { return testing::SourceDir() + "/data"; }

SynthOptions SmallOptions(uint64_t seed) {
  SynthOptions o;
  o.people = 2000;
  o.requests = 600;
  o.seed = seed;
  o.data_dir = DataDirForTests();
  return o;
}

// Reads a whole file with CsvReader, checking every row fits the header.
Table ReadTable(const std::string& path, std::vector<std::string>* header) {
  Table rows;
  auto reader = CsvReader::Open(path);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return rows;
  *header = (*reader)->header();
  CsvRow row;
  while (true) {
    auto more = (*reader)->Next(&row);
    EXPECT_TRUE(more.ok()) << path << ": " << more.status().ToString();
    if (!more.ok() || !*more) break;
    EXPECT_EQ((*reader)->RowShapeError(row), "");
    std::map<std::string, std::string> m;
    for (size_t i = 0; i < header->size() && i < row.fields.size(); ++i) {
      m[(*header)[i]] = row.fields[i];
    }
    rows.push_back(std::move(m));
  }
  return rows;
}

class SynthesizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    auto s = WriteSynth(SmallOptions(7), dir_->path());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    summary_ = *s;
    records_ = ReadTable(dir_->File("records.csv"), &records_header_);
    requests_ = ReadTable(dir_->File("requests.csv"), &requests_header_);
    std::vector<std::string> h;
    officials_ = ReadTable(dir_->File("officials.csv"), &h);
    truth_ = ReadTable(dir_->File("truth.csv"), &h);
    records_truth_ = ReadTable(dir_->File("records_truth.csv"), &h);
    auto tables = ReferenceTables::Load(DataDirForTests());
    ASSERT_TRUE(tables.ok()) << tables.status().ToString();
    tables_ = new ReferenceTables(std::move(tables).value());
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
    delete tables_;
    tables_ = nullptr;
  }

  static testing::TempDir* dir_;
  static ReferenceTables* tables_;
  static SynthSummary summary_;
  static std::vector<std::string> records_header_, requests_header_;
  static Table records_, requests_, officials_, truth_, records_truth_;
};

testing::TempDir* SynthesizerTest::dir_ = nullptr;
ReferenceTables* SynthesizerTest::tables_ = nullptr;
SynthSummary SynthesizerTest::summary_{};
std::vector<std::string> SynthesizerTest::records_header_;
std::vector<std::string> SynthesizerTest::requests_header_;
Table SynthesizerTest::records_, SynthesizerTest::requests_,
    SynthesizerTest::officials_, SynthesizerTest::truth_,
    SynthesizerTest::records_truth_;

TEST_F(SynthesizerTest, HeadersFollowFormats) {
  EXPECT_EQ(Join(records_header_, ","),
            "record_id,tin,first_name,middle_name,last_name,dob,street,unit,"
            "city,state,zip,tax_year,source");
  EXPECT_EQ(Join(requests_header_, ","),
            "request_id,signed_by,official_id,case_number,statute,tax_periods,"
            "reason,purpose,fields_requested,first_name,middle_name,last_name,"
            "dob,street,unit,city,state,zip,tin,signature");
  for (const auto& [file, want] :
       std::vector<std::pair<std::string, std::string>>{
           {"officials.csv",
            "official_id,name,agency,title,role,valid_from,valid_to,public_"
            "key"},
           {"truth.csv", "request_id,record_id"},
           {"records_truth.csv", "record_id,person_id"}}) {
    auto content = ReadFile(dir_->File(file));
    ASSERT_TRUE(content.ok());
    EXPECT_EQ(content->substr(0, content->find('\n')), want) << file;
  }
}

TEST_F(SynthesizerTest, SummaryCountsMatchFiles) {
  EXPECT_EQ(summary_.people, 2000);
  EXPECT_EQ(summary_.records, static_cast<int64_t>(records_.size()));
  EXPECT_EQ(summary_.requests, 600);
  EXPECT_EQ(summary_.requests, static_cast<int64_t>(requests_.size()));
  EXPECT_EQ(summary_.requests_in_store, static_cast<int64_t>(truth_.size()));
  EXPECT_EQ(summary_.officials, static_cast<int64_t>(officials_.size()));
  EXPECT_EQ(records_truth_.size(), records_.size());
  // Several rows per person, 3 to 5 on average.
  EXPECT_GT(records_.size(), 2000u * 3);
  EXPECT_LT(records_.size(), 2000u * 5);
}

TEST_F(SynthesizerTest, SameSeedGivesIdenticalFiles) {
  testing::TempDir again;
  ASSERT_TRUE(WriteSynth(SmallOptions(7), again.path()).ok());
  for (const char* f : kFiles) {
    auto a = ReadFile(dir_->File(f));
    auto b = ReadFile(again.File(f));
    ASSERT_TRUE(a.ok() && b.ok()) << f;
    EXPECT_TRUE(*a == *b) << f << " differs between two runs with one seed";
  }
}

TEST_F(SynthesizerTest, DifferentSeedGivesDifferentFiles) {
  testing::TempDir other;
  ASSERT_TRUE(WriteSynth(SmallOptions(8), other.path()).ok());
  for (const char* f : {"records.csv", "requests.csv", "truth.csv"}) {
    auto a = ReadFile(dir_->File(f));
    auto b = ReadFile(other.File(f));
    ASSERT_TRUE(a.ok() && b.ok()) << f;
    EXPECT_FALSE(*a == *b) << f;
  }
}

TEST_F(SynthesizerTest, RecordIdsAreUniqueAndTruthPointsAtRecords) {
  std::map<std::string, std::string> person_of;
  for (const auto& r : records_truth_) {
    EXPECT_TRUE(person_of.emplace(r.at("record_id"), r.at("person_id")).second)
        << "duplicate record id " << r.at("record_id");
  }
  std::set<std::string> ids;
  for (const auto& r : records_) ids.insert(r.at("record_id"));
  EXPECT_EQ(ids.size(), records_.size());
  std::set<std::string> request_ids;
  for (const auto& r : requests_) request_ids.insert(r.at("request_id"));
  for (const auto& t : truth_) {
    EXPECT_TRUE(ids.count(t.at("record_id"))) << t.at("record_id");
    EXPECT_TRUE(request_ids.count(t.at("request_id"))) << t.at("request_id");
  }
}

TEST_F(SynthesizerTest, TruthRecordBelongsToTheRequestedPerson) {
  // The request's date of birth (when given and not garbled) is the one the
  // truth record holds, and its TIN, when given untransposed, too.
  std::map<std::string, const std::map<std::string, std::string>*> record;
  for (const auto& r : records_) record[r.at("record_id")] = &r;
  std::map<std::string, const std::map<std::string, std::string>*> request;
  for (const auto& r : requests_) request.emplace(r.at("request_id"), &r);
  int dob_given = 0, dob_same = 0;
  for (const auto& t : truth_) {
    const auto& q = *request.at(t.at("request_id"));
    const auto& rec = *record.at(t.at("record_id"));
    if (!q.at("dob").empty() && !rec.at("dob").empty()) {
      ++dob_given;
      dob_same += q.at("dob") == rec.at("dob") ? 1 : 0;
    }
  }
  ASSERT_GT(dob_given, 300);
  EXPECT_GT(dob_same, dob_given * 9 / 10);
}

TEST_F(SynthesizerTest, GeneratedTruthRowsAreRowsOfTheSamePerson) {
  NameGenerator names(*tables_);
  auto addresses = AddressGenerator::Create(*tables_);
  ASSERT_TRUE(addresses.ok());
  PopulationGenerator population(names, *addresses, 5, 2025);
  RecordIds ids(5, 500);
  OfficialRoster roster = MakeOfficials(5, 300, 2025, names);
  RequestBatchOptions o;
  o.people = 500;
  o.requests = 300;
  o.seed = 5;
  RequestGenerator generator(population, names, roster, ids, o);
  int in_store = 0;
  for (const auto& g : generator.Generate()) {
    if (g.truth_record_id.empty()) {
      EXPECT_GE(g.person_index, 500);  // never written to records.csv
      continue;
    }
    ++in_store;
    ASSERT_LT(g.person_index, 500);
    Person p = population.MakePerson(g.person_index);
    std::vector<domain::Record> rows;
    population.RenderRecords(p, ids, &rows);
    bool found = false;
    for (const auto& r : rows)
      found = found || r.record_id == g.truth_record_id;
    EXPECT_TRUE(found) << g.request.request_id;
  }
  EXPECT_NEAR(in_store / 300.0, 0.8, 0.05);
}

bool IsSpanishLast(const ReferenceTables& t, const std::string& last) {
  std::string plain = Utf8Upper(StripAccents(last));
  for (char& c : plain) {
    if (c == '-') c = ' ';
  }
  std::vector<std::string> words = SplitWords(plain);
  std::string joined;
  for (const auto& w : words) joined += w;
  if (t.IsSpanishSurname(joined)) return true;
  for (const auto& w : words) {
    if (w == "DE" || w == "DEL" || w == "LA" || w == "LAS" || w == "LOS") {
      continue;
    }
    return t.IsSpanishSurname(w);
  }
  return false;
}

TEST_F(SynthesizerTest, SharesAreRoughlyRight) {
  // One row per person: their first return row, else their first row.
  std::map<std::string, const std::map<std::string, std::string>*> first;
  std::map<std::string, std::string> person_of;
  for (const auto& r : records_truth_)
    person_of[r.at("record_id")] = r.at("person_id");
  for (const auto& r : records_) {
    auto& slot = first[person_of.at(r.at("record_id"))];
    if (!slot ||
        (slot->at("source") != "return" && r.at("source") == "return")) {
      slot = &r;
    }
  }
  ASSERT_EQ(first.size(), 2000u);
  int hispanic = 0, itin = 0;
  for (const auto& [id, r] : first) {
    hispanic += IsSpanishLast(*tables_, r->at("last_name")) ? 1 : 0;
    itin += r->at("tin")[0] == '9' ? 1 : 0;
  }
  EXPECT_NEAR(hispanic / 2000.0, 0.2, 0.06);
  EXPECT_NEAR(itin / 2000.0, 0.05, 0.025);

  int two_surnames = 0, accents = 0, title_case = 0;
  std::set<std::string> sources, years;
  for (const auto& r : records_) {
    const std::string& last = r.at("last_name");
    if (last.find(' ') != std::string::npos ||
        last.find('-') != std::string::npos) {
      ++two_surnames;
    }
    if (HasNonAscii(r.at("first_name") + last)) ++accents;
    if (last.size() > 1 && last[1] >= 'a' && last[1] <= 'z') ++title_case;
    sources.insert(r.at("source"));
    years.insert(r.at("tax_year"));
  }
  double n = static_cast<double>(records_.size());
  EXPECT_GT(two_surnames / n, 0.04);
  EXPECT_GT(accents / n, 0.005);
  EXPECT_GT(title_case / n, 0.05);
  EXPECT_EQ(sources, (std::set<std::string>{"info_return", "irs", "return"}));
  EXPECT_EQ(years, (std::set<std::string>{"2022", "2023", "2024", "2025"}));

  EXPECT_NEAR(1.0 - truth_.size() / 600.0, 0.2, 0.05);
  int with_tin = 0, placeholders = 0, zip_only = 0;
  for (const auto& r : requests_) {
    with_tin += r.at("tin").empty() ? 0 : 1;
    std::string street = AsciiUpper(r.at("street"));
    if (street == "FAILED TO PROVIDE" || street == "UNKNOWN ADDRESS" ||
        street == "NA NA" || street == "NA" || street.empty()) {
      ++placeholders;
    }
    if (street.empty() && r.at("city").empty() && !r.at("zip").empty()) {
      ++zip_only;
    }
  }
  EXPECT_LT(with_tin / 600.0, 0.25);
  EXPECT_GT(with_tin, 0);
  EXPECT_GT(placeholders, 5);
  EXPECT_LT(placeholders / 600.0, 0.1);
}

TEST_F(SynthesizerTest, TinsAreInValidRanges) {
  for (const auto& r : records_) {
    if (r.at("source") != "return") continue;  // payers mistype TINs
    const std::string& tin = r.at("tin");
    EXPECT_TRUE(IsValidSsn(tin) || IsValidItin(tin)) << tin;
    if (tin[0] == '9') {
      EXPECT_TRUE(IsValidItin(tin)) << tin;
    }
  }
}

TEST_F(SynthesizerTest, PolicyColumnsMixLawfulAndUnlawful) {
  std::map<std::string, std::set<std::string>> cases;
  std::set<std::string> ids, duplicate_ids;
  std::map<std::string, int> reasons;
  int civil = 0, title26 = 0, no_periods = 0, open_periods = 0, forbidden = 0,
      return_info = 0, lawful_looking = 0;
  for (const auto& r : requests_) {
    cases[r.at("official_id")].insert(r.at("case_number"));
    if (!ids.insert(r.at("request_id")).second) {
      duplicate_ids.insert(r.at("request_id"));
    }
    ++reasons[r.at("reason")];
    const std::string& statute = r.at("statute");
    civil += statute.find("1227") != std::string::npos ||
                     statute.find("1229a") != std::string::npos ||
                     statute.find("C.F.R.") != std::string::npos
                 ? 1
                 : 0;
    title26 += StartsWith(statute, "26 ") ? 1 : 0;
    no_periods += r.at("tax_periods").empty() ? 1 : 0;
    open_periods +=
        r.at("tax_periods").find("2026") != std::string::npos ||
                r.at("tax_periods").find("2027") != std::string::npos
            ? 1
            : 0;
    const std::string& purpose = r.at("purpose");
    bool purpose_ok = purpose.empty() || purpose == "criminal_investigation" ||
                      purpose == "judicial_proceeding" ||
                      purpose == "grand_jury";
    forbidden += purpose_ok ? 0 : 1;
    bool fields_ok =
        r.at("fields_requested").find("income") == std::string::npos &&
        r.at("fields_requested").find("employer") == std::string::npos;
    return_info += fields_ok ? 0 : 1;
    if (purpose_ok && fields_ok && !r.at("tax_periods").empty() &&
        StartsWith(r.at("reason"), "Subject ") &&
        r.at("reason").find("matter") != std::string::npos &&
        r.at("official_id") != "INV-BULK" && !r.at("case_number").empty() &&
        (StartsWith(statute, "8 U") || StartsWith(statute, "18 U"))) {
      ++lawful_looking;
    }
  }
  // INV-BULK is engaged in more than 100 matters; nobody else comes close.
  EXPECT_GT(cases["INV-BULK"].size(), 100u);
  for (const auto& [official, c] : cases) {
    if (official != "INV-BULK") {
      EXPECT_LE(c.size(), static_cast<size_t>(kMattersPerInvestigator))
          << official;
    }
  }
  int most_repeated = 0;
  for (const auto& [reason, count] : reasons) {
    if (!reason.empty()) most_repeated = std::max(most_repeated, count);
  }
  EXPECT_GT(most_repeated, 25);  // boilerplate
  EXPECT_GT(civil, 0);
  EXPECT_GT(title26, 0);
  EXPECT_GT(no_periods, 0);
  EXPECT_GT(open_periods, 0);
  EXPECT_GT(forbidden, 0);
  EXPECT_GT(return_info, 0);
  EXPECT_FALSE(duplicate_ids.empty());
  EXPECT_GT(lawful_looking, 600 / 2);
}

TEST_F(SynthesizerTest, OfficialsHaveValidRolesAndKnownSigners) {
  std::map<std::string, std::string> role;
  for (const auto& o : officials_) {
    EXPECT_TRUE(domain::ParseRole(o.at("role")).has_value()) << o.at("role");
    role[o.at("official_id")] = o.at("role");
  }
  EXPECT_EQ(role.at("INV-BULK"), "investigator");
  for (const char* agency : {"DHS", "DOJ", "TREAS"}) {
    EXPECT_EQ(role.at(std::string(agency) + "-HEAD"), "head_of_agency");
    EXPECT_EQ(role.at(std::string(agency) + "-IG"), "inspector_general");
    EXPECT_EQ(role.at(std::string(agency) + "-DEL-1"), "delegate");
  }
  int known_signers = 0;
  for (const auto& r : requests_) {
    known_signers += role.count(r.at("signed_by")) ? 1 : 0;
  }
  EXPECT_GT(known_signers, 600 * 9 / 10);
  EXPECT_LT(known_signers, 600);
}

// What the agency wrote of the person, against the person's own return.
struct Views {
  int in_store = 0, other_first = 0, no_dob = 0;
  int two_surnames = 0, other_last = 0;  // of people with two surnames
  int absent = 0, kin_of_someone_stored = 0;
};
Views ReadViews(const std::string& dir) {
  std::vector<std::string> h;
  Table records = ReadTable(dir + "/records.csv", &h);
  Table requests = ReadTable(dir + "/requests.csv", &h);
  Table truth = ReadTable(dir + "/truth.csv", &h);
  Table records_truth = ReadTable(dir + "/records_truth.csv", &h);
  auto first_word = [](const std::string& text) {
    std::string up = AsciiUpper(text);
    return up.substr(0, up.find_first_of(" -"));
  };
  auto spaced = [](const std::string& text) {
    std::string up = AsciiUpper(text);
    for (char& c : up) c = c == '-' ? ' ' : c;
    return up;
  };
  std::map<std::string, std::string> person_of;
  for (const auto& r : records_truth) {
    person_of[r.at("record_id")] = r.at("person_id");
  }
  // Each person's last names as their records write them, and where they
  // live (surname, ZIP).
  std::map<std::string, std::set<std::string>> lasts;
  std::set<std::pair<std::string, std::string>> surname_zip;
  for (const auto& r : records) {
    lasts[person_of.at(r.at("record_id"))].insert(spaced(r.at("last_name")));
    surname_zip.insert(
        {first_word(r.at("last_name")), r.at("zip").substr(0, 5)});
  }
  std::map<std::string, std::string> first_of;
  for (const auto& r : records)
    first_of[r.at("record_id")] = r.at("first_name");
  std::map<std::string, std::string> truth_of;
  for (const auto& t : truth) truth_of[t.at("request_id")] = t.at("record_id");
  Views v;
  for (const auto& q : requests) {
    v.no_dob += q.at("dob").empty() ? 1 : 0;
    auto t = truth_of.find(q.at("request_id"));
    if (t == truth_of.end()) {
      ++v.absent;
      // Last names may be swapped: either word, at the same ZIP.
      const std::string zip = q.at("zip").substr(0, 5);
      for (const std::string& word : Split(spaced(q.at("last_name")), ' ')) {
        if (surname_zip.count({first_word(word), zip})) {
          ++v.kin_of_someone_stored;
          break;
        }
      }
      continue;
    }
    ++v.in_store;
    v.other_first +=
        first_word(q.at("first_name")) != first_word(first_of.at(t->second));
    const auto& own = lasts.at(person_of.at(t->second));
    const bool two = std::any_of(own.begin(), own.end(), [](const auto& l) {
      return l.find(' ') != std::string::npos;
    });
    if (two) {
      ++v.two_surnames;
      // Written otherwise than any record does: one of the two, or swapped.
      v.other_last += own.count(spaced(q.at("last_name"))) == 0;
    }
  }
  return v;
}

TEST(SynthesizerHardTest, TheHardBatchHoldsEachClassMoreOftenThanTheNormal) {
  testing::TempDir normal_dir, hard_dir;
  SynthOptions o = SmallOptions(7);
  ASSERT_TRUE(WriteSynth(o, normal_dir.path()).ok());
  o.hard = true;
  ASSERT_TRUE(WriteSynth(o, hard_dir.path()).ok());
  // The same people in the same rows; only information returns' TINs
  // differ: some filed without one, some mistyped (one person, two TINs).
  std::vector<std::string> header;
  const Table a = ReadTable(normal_dir.File("records.csv"), &header);
  const Table b = ReadTable(hard_dir.File("records.csv"), &header);
  ASSERT_EQ(a.size(), b.size());
  int info = 0, no_tin_normal = 0, no_tin_hard = 0, other_tin = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    auto ra = a[i], rb = b[i];
    if (ra.at("source") == "info_return") {
      ++info;
      no_tin_normal += ra.at("tin").empty();
      no_tin_hard += rb.at("tin").empty();
      other_tin += !rb.at("tin").empty() && rb.at("tin") != ra.at("tin");
    } else {
      EXPECT_EQ(ra.at("tin"), rb.at("tin")) << ra.at("record_id");
    }
    ra.erase("tin");
    rb.erase("tin");
    EXPECT_EQ(ra, rb) << "row " << i;
  }
  ASSERT_GT(info, 300);
  EXPECT_LT(static_cast<double>(no_tin_normal) / info, 0.03);
  EXPECT_GT(static_cast<double>(no_tin_hard) / info, 0.10);
  EXPECT_GT(other_tin, 0);
  const Views n = ReadViews(normal_dir.path());
  const Views h = ReadViews(hard_dir.path());
  ASSERT_GT(n.in_store, 300);
  ASSERT_GT(h.in_store, 300);
  auto share = [](int k, int of) { return static_cast<double>(k) / of; };
  // Nicknames, hypocorisms and one given name of a compound.
  EXPECT_GT(share(h.other_first, h.in_store),
            share(n.other_first, n.in_store) + 0.08);
  // One of two surnames, or both swapped.
  ASSERT_GT(n.two_surnames, 30);
  EXPECT_GT(share(h.other_last, h.two_surnames),
            share(n.other_last, n.two_surnames) + 0.15);
  // No date of birth (and name-only requests).
  EXPECT_GT(share(h.no_dob, 600), 0.25);
  EXPECT_LT(share(n.no_dob, 600), 0.10);
  // Relatives of people in the store, who are not in it: about half the
  // absent people share a stored person's surname and street.
  EXPECT_GT(share(h.kin_of_someone_stored, h.absent),
            share(n.kin_of_someone_stored, n.absent) + 0.2);
}

TEST(SynthesizerOptionsTest, BadOptionsAreInvalidArgument) {
  testing::TempDir dir;
  SynthOptions o = SmallOptions(1);
  o.people = 0;
  EXPECT_EQ(WriteSynth(o, dir.path()).status().code(),
            StatusCode::kInvalidArgument);
  o = SmallOptions(1);
  o.requests = -1;
  EXPECT_EQ(WriteSynth(o, dir.path()).status().code(),
            StatusCode::kInvalidArgument);
  o = SmallOptions(1);
  o.absent_share = 1.5;
  EXPECT_EQ(WriteSynth(o, dir.path()).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(SynthesizerOptionsTest, MissingReferenceDataIsNotFound) {
  testing::TempDir dir;
  SynthOptions o = SmallOptions(1);
  o.data_dir = dir.File("no-such-data");
  auto s = WriteSynth(o, dir.File("out"));
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(FileExists(dir.File("out/records.csv")));
}

TEST(SynthesizerOptionsTest, AllAbsentWorks) {
  testing::TempDir dir;
  SynthOptions o = SmallOptions(3);
  o.people = 50;
  o.requests = 40;
  o.absent_share = 1.0;
  auto s = WriteSynth(o, dir.path());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->requests_in_store, 0);
  auto truth = ReadFile(dir.File("truth.csv"));
  ASSERT_TRUE(truth.ok());
  EXPECT_EQ(*truth, "request_id,record_id\n");
}

}  // namespace
}  // namespace taxgate::synth
