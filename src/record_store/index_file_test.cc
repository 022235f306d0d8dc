// The persistent match index (index_file.h, record_store.h) on a small
// synthetic store: a mapped index answers as the built one, a stale or
// damaged file is refused (and OpenMatchIndex rebuilds instead of using
// it), readers that mapped a file keep it while it is replaced, and a row
// changed in the store behind the index is never read back for release.
#include "record_store/index_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/file_util.h"
#include "intake/readers.h"
#include "linkage/model.h"
#include "record_store/record_store.h"
#include "ruleset/ruleset.h"
#include "storage/database.h"
#include "synth/synthesizer.h"
#include "test_util.h"

namespace taxgate::record_store {
namespace {

using ::taxgate::testing::TempDir;

class IndexFileTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    synth::SynthOptions so;
    so.people = 600;
    so.requests = 300;
    so.seed = 7;
    ASSERT_TRUE(synth::WriteSynth(so, dir_->path()).ok());
    auto records = intake::ReadRecords(dir_->path() + "/records.csv");
    ASSERT_TRUE(records.ok());
    rows_ = new std::vector<domain::Record>(std::move(records->rows));
    auto requests = intake::ReadRequests(dir_->path() + "/requests.csv");
    ASSERT_TRUE(requests.ok());
    queries_ = new std::vector<domain::PersonQuery>();
    for (const auto& r : requests->rows) queries_->push_back(r.person);
  }
  static void TearDownTestSuite() {
    delete rows_;
    delete queries_;
    delete dir_;
  }

  void SetUp() override {
    auto rules = ruleset::DefaultRuleset();
    ASSERT_TRUE(rules.ok()) << rules.status().message();
    rules_ = *rules;
    digests_ = RowDigests(key_, *rows_, nullptr);
    identity_ = {RecordsDigest(*rows_, digests_), rules_->tables_digest, key_};
    path_ = tmp_.path() + "/match.index";
  }

  linkage::MatchIndex Built() {
    return BuildIndex(*rows_, rules_->tables, digests_, nullptr);
  }

  // Every request's decision, best record, weight and candidates.
  static std::vector<std::string> Answers(const linkage::MatchIndex& index) {
    const linkage::Model model = linkage::DefaultModel();
    std::vector<std::string> out;
    for (const auto& q : *queries_) {
      auto m = index.Match(q, model, /*explain_all=*/true);
      std::string line = linkage::MatchDecisionName(m.decision);
      for (const auto& c : m.candidates) {
        line += " " + c.record_id + ":" + std::to_string(c.match_weight);
        for (const auto& w : c.weights) line += "," + w.Label();
      }
      out.push_back(line);
    }
    return out;
  }

  void FlipByte(uint64_t offset) {
    int fd = ::open(path_.c_str(), O_RDWR);
    ASSERT_GE(fd, 0);
    unsigned char b;
    ASSERT_EQ(::pread(fd, &b, 1, static_cast<off_t>(offset)), 1);
    b ^= 0x40;
    ASSERT_EQ(::pwrite(fd, &b, 1, static_cast<off_t>(offset)), 1);
    ::close(fd);
  }

  Result<linkage::MatchIndex> Map(const IndexIdentity& id) {
    return MapIndexFile(path_, id, rules_->tables, nullptr);
  }

  static TempDir* dir_;
  static std::vector<domain::Record>* rows_;
  static std::vector<domain::PersonQuery>* queries_;
  TempDir tmp_;
  std::shared_ptr<const ruleset::Ruleset> rules_;
  std::string key_ = std::string(32, 'k');
  std::vector<uint64_t> digests_;
  IndexIdentity identity_;
  std::string path_;
};

TempDir* IndexFileTest::dir_ = nullptr;
std::vector<domain::Record>* IndexFileTest::rows_ = nullptr;
std::vector<domain::PersonQuery>* IndexFileTest::queries_ = nullptr;

TEST_F(IndexFileTest, AMappedIndexAnswersAsTheBuiltOne) {
  linkage::MatchIndex built = Built();
  auto written = WriteIndexFile(built, identity_, path_);
  ASSERT_TRUE(written.ok()) << written.status().message();
  struct stat st;
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(static_cast<uint64_t>(st.st_size), *written);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto mapped = Map(identity_);
  ASSERT_TRUE(mapped.ok()) << mapped.status().message();
  ASSERT_EQ(mapped->size(), built.size());
  EXPECT_EQ(mapped->MemoryBytes(), built.MemoryBytes());
  for (size_t i = 0; i < built.size(); ++i) {
    ASSERT_EQ(mapped->record_id(i), built.record_id(i));
    ASSERT_EQ(mapped->row_digest(i), built.row_digest(i));
    ASSERT_EQ(mapped->FindRecord(built.record_id(i)), i);
    ASSERT_EQ(mapped->TaxpayerRecords(i), built.TaxpayerRecords(i));
  }
  EXPECT_EQ(mapped->FindRecord("no such record"), mapped->size());
  // Rows are kept in record_id order, each with its own row's digest.
  for (size_t k = 0; k < rows_->size(); ++k) {
    const size_t i = mapped->FindRecord((*rows_)[k].record_id);
    ASSERT_LT(i, mapped->size());
    ASSERT_EQ(mapped->row_digest(i), digests_[k]);
    if (i > 0) {
      ASSERT_LT(mapped->record_id(i - 1), mapped->record_id(i));
    }
  }
  EXPECT_EQ(Answers(*mapped), Answers(built));
  // Training reads the same arrays: the same model either way.
  auto a = linkage::Train(built, *queries_, linkage::DefaultModel());
  auto b = linkage::Train(*mapped, *queries_, linkage::DefaultModel());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(linkage::ModelDigest(*a), linkage::ModelDigest(*b));
}

TEST_F(IndexFileTest, AnIndexOfOtherRecordsOrTablesIsStale) {
  ASSERT_TRUE(WriteIndexFile(Built(), identity_, path_).ok());
  IndexIdentity other_records = identity_;
  other_records.records_digest = std::string(64, 'a');
  auto stale = Map(other_records);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(stale.status().message().find("records changed"),
            std::string::npos);
  IndexIdentity other_tables = identity_;
  other_tables.tables_digest = std::string(64, 'b');
  auto tables = Map(other_tables);
  ASSERT_FALSE(tables.ok());
  EXPECT_EQ(tables.status().code(), StatusCode::kFailedPrecondition);
  // Another store's key: its header does not verify.
  IndexIdentity other_key = identity_;
  other_key.key = std::string(32, 'x');
  auto foreign = Map(other_key);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.status().code(), StatusCode::kDataLoss);
}

TEST_F(IndexFileTest, EveryDamagedByteIsCaught) {
  auto written = WriteIndexFile(Built(), identity_, path_);
  ASSERT_TRUE(written.ok());
  // A byte in the header, in the section table, and spread over the data.
  std::vector<uint64_t> offsets = {3, 40, 130, 200};
  for (uint64_t at = 4096; at < *written; at += *written / 37 + 1) {
    offsets.push_back(at);
  }
  int caught = 0, tried = 0;
  for (uint64_t at : offsets) {
    FlipByte(at);
    auto m = Map(identity_);
    ++tried;
    // Padding between sections is covered by nothing; every other byte is.
    if (!m.ok()) {
      EXPECT_EQ(m.status().code(), StatusCode::kDataLoss)
          << at << ": " << m.status().message();
      ++caught;
    }
    FlipByte(at);  // back
    ASSERT_TRUE(Map(identity_).ok()) << at;
  }
  EXPECT_GE(caught, tried - 3) << "padding bytes are few";
  // Cut off, and not an index at all.
  ASSERT_EQ(::truncate(path_.c_str(), static_cast<off_t>(*written - 100)), 0);
  auto cut = Map(identity_);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(cut.status().message().find("cut off"), std::string::npos);
  ASSERT_TRUE(WriteFileAtomically(path_, std::string(5000, 'z')).ok());
  EXPECT_EQ(Map(identity_).status().code(), StatusCode::kDataLoss);
  ::unlink(path_.c_str());
  EXPECT_EQ(Map(identity_).status().code(), StatusCode::kNotFound);
}

TEST_F(IndexFileTest, ReadersKeepTheirMappingWhileTheFileIsReplaced) {
  linkage::MatchIndex built = Built();
  ASSERT_TRUE(WriteIndexFile(built, identity_, path_).ok());
  auto first = Map(identity_);
  ASSERT_TRUE(first.ok());
  const std::vector<std::string> want = Answers(built);
  // Another index (half the rows) replaces the file while readers match on
  // the first mapping from several threads.
  std::vector<domain::Record> half(rows_->begin(),
                                   rows_->begin() + rows_->size() / 2);
  std::vector<uint64_t> half_digests = RowDigests(key_, half, nullptr);
  IndexIdentity half_id{RecordsDigest(half, half_digests),
                        rules_->tables_digest, key_};
  std::vector<std::vector<std::string>> seen(3);
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] { seen[t] = Answers(*first); });
  }
  for (int k = 0; k < 3; ++k) {
    ASSERT_TRUE(
        WriteIndexFile(BuildIndex(half, rules_->tables, half_digests, nullptr),
                       half_id, path_)
            .ok());
  }
  for (auto& r : readers) r.join();
  for (const auto& s : seen) EXPECT_EQ(s, want);
  EXPECT_EQ(Map(identity_).status().code(), StatusCode::kFailedPrecondition);
  auto second = Map(half_id);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->size(), half.size());
}

// Through a real SQLite store: the first command builds and keeps the
// index, the next maps it; a load makes it stale; a row changed behind
// taxgate's back is refused when read back for release.
TEST_F(IndexFileTest, TheStoreKeepsItsIndexAndRefusesRowsChangedBehindIt) {
  auto db = storage::OpenDatabase(tmp_.path() + "/store.db");
  ASSERT_TRUE(db.ok()) << db.status().message();
  storage::WriteSet ws;
  ws.replace_records = rows_;
  ws.meta.emplace_back(kRecordsDigestMeta, identity_.records_digest);
  ASSERT_TRUE((*db)->Commit(ws).ok());
  IndexSource src{key_, rules_->tables_digest, path_};
  IndexReport first;
  auto a = OpenMatchIndex(db->get(), rules_->tables, src, nullptr, &first);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_FALSE(first.mapped);
  EXPECT_NE(first.rebuilt_because.find("no match index"), std::string::npos)
      << first.rebuilt_because;
  IndexReport second;
  auto b = OpenMatchIndex(db->get(), rules_->tables, src, nullptr, &second);
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(second.mapped) << second.rebuilt_because;
  EXPECT_EQ(Answers(**b), Answers(**a));

  // Rows read back for release are the stored rows, checked.
  const size_t row = 5;
  auto taxpayer = (*b)->TaxpayerRecords(row);
  auto read = ReadIndexedRows(db->get(), **b, key_, taxpayer);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->size(), taxpayer.size());
  EXPECT_EQ((*read)[0].record_id, (*b)->record_id(taxpayer[0]));

  // Someone with write access moves the person to another street.
  domain::Record changed = (*read)[0];
  changed.street = "1 Elsewhere Rd";
  storage::RecordChanges edit;
  edit.upsert.push_back(&changed);
  storage::WriteSet behind;
  behind.change_records = &edit;
  ASSERT_TRUE((*db)->Commit(behind).ok());
  auto refused = ReadIndexedRows(db->get(), **b, key_, taxpayer);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(refused.status().message().find(changed.record_id),
            std::string::npos);
  // A new index is built from the rows as they are, and not kept (the
  // store's digest is not theirs).
  IndexReport third;
  auto c = OpenMatchIndex(db->get(), rules_->tables, src, nullptr, &third);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(third.mapped);  // the file still claims the stored digest...
  EXPECT_FALSE(ReadIndexedRows(db->get(), **c, key_, taxpayer).ok());
  // ...and a damaged file is rebuilt, never used.
  FlipByte(5000);
  IndexReport fourth;
  auto d = OpenMatchIndex(db->get(), rules_->tables, src, nullptr, &fourth);
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(fourth.mapped);
  EXPECT_NE(fourth.rebuilt_because.find("damaged"), std::string::npos);
  ASSERT_EQ(fourth.warnings.size(), 1u);
  EXPECT_NE(fourth.warnings[0].find("changed outside taxgate"),
            std::string::npos);
  // Built from the rows as they are: they read back whole.
  auto whole = ReadIndexedRows(db->get(), **d, key_, taxpayer);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ((*whole)[0].street, "1 Elsewhere Rd");
}

}  // namespace
}  // namespace taxgate::record_store
