#include "record_store/record_store.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <unordered_map>
#include <utility>

#include "common/crypto.h"
#include "common/sort_order.h"
#include "common/stopwatch.h"
#include "record_store/index_file.h"

namespace taxgate::record_store {
namespace {

// The rows' positions in record_id order (no sort when they are in it,
// as `load` and the store give them).
std::vector<uint32_t> IdOrder(const std::vector<domain::Record>& rows) {
  return taxgate::IdOrder(rows.size(), [&](size_t i) -> std::string_view {
    return rows[i].record_id;
  });
}

}  // namespace

Result<std::string> StoredRecordsDigest(storage::Database* db) {
  auto meta = db->ReadMeta(kRecordsDigestMeta);
  if (meta.ok()) return *meta;
  if (meta.status().code() == StatusCode::kNotFound) return std::string();
  return meta.status();
}

uint64_t RowDigest(std::string_view key, const domain::Record& r) {
  // Each field with its length first: no field's bytes can pass for a
  // separator and shift the others.
  std::string bytes;
  bytes.reserve(key.size() + 200);
  bytes.append(key);
  auto field = [&](std::string_view v) {
    bytes.append(std::to_string(v.size()));
    bytes.push_back(':');
    bytes.append(v);
  };
  for (const std::string* s :
       {&r.record_id, &r.tin, &r.first_name, &r.middle_name, &r.last_name,
        &r.dob, &r.street, &r.unit, &r.city, &r.state, &r.zip}) {
    field(*s);
  }
  field(std::to_string(r.tax_year));
  field(domain::SourceName(r.source));
  Hash256 h = Sha256(bytes);
  uint64_t out;
  std::memcpy(&out, h.data(), sizeof out);
  return out;
}

void SortById(std::vector<domain::Record>* rows, ThreadPool* pool) {
  std::vector<uint32_t> order = IdOrder(*rows);
  if (std::is_sorted(order.begin(), order.end())) return;
  // Gathering the rows in their new order reads memory all over the table
  // (millions of rows of 11 strings): on every core.
  std::vector<domain::Record> sorted(rows->size());
  ForSlices(pool, rows->size(), 64, [&](size_t, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i)
      sorted[i] = std::move((*rows)[order[i]]);
  });
  rows->swap(sorted);
}

std::vector<uint64_t> RowDigests(std::string_view key,
                                 const std::vector<domain::Record>& rows,
                                 ThreadPool* pool) {
  std::vector<uint64_t> out(rows.size());
  ForSlices(pool, rows.size(), 64, [&](size_t, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) out[i] = RowDigest(key, rows[i]);
  });
  return out;
}

std::string RecordsDigest(const std::vector<domain::Record>& rows,
                          const std::vector<uint64_t>& digests) {
  std::vector<uint32_t> order = IdOrder(rows);
  std::string bytes = "taxgate-records-v1\n" + std::to_string(rows.size());
  bytes.reserve(bytes.size() + 8 * rows.size());
  for (uint32_t i : order) {
    bytes.append(reinterpret_cast<const char*>(&digests[i]), 8);
  }
  return ToHex(Sha256(bytes));
}

std::string IndexPath(const std::string& keys_dir) {
  return keys_dir + "/match.index";
}

linkage::MatchIndex BuildIndex(std::vector<domain::Record> rows,
                               std::shared_ptr<const normalize::Tables> tables,
                               const std::vector<uint64_t>& digests,
                               ThreadPool* pool) {
  linkage::MatchIndexOptions options;
  options.pool = pool;
  // Rows in record_id order, as the store reads them back: an index built
  // by `load` from the file and one rebuilt from the store are the same
  // (ties between equal candidates are broken by row order).
  std::vector<uint32_t> order = IdOrder(rows);
  std::vector<domain::Record> sorted;
  std::vector<uint64_t> kept;
  if (std::is_sorted(order.begin(), order.end())) {
    sorted = std::move(rows);
    kept = digests;
  } else {
    sorted.reserve(rows.size());
    kept.reserve(rows.size());
    for (uint32_t i : order) {
      sorted.push_back(std::move(rows[i]));
      kept.push_back(digests[i]);
    }
    std::vector<domain::Record>().swap(rows);
  }
  linkage::MatchIndex index =
      linkage::MatchIndex::Build(std::move(sorted), std::move(tables), options);
  index.SetRowDigests(std::move(kept));
  return index;
}

Result<std::shared_ptr<const linkage::MatchIndex>> OpenMatchIndex(
    storage::Database* db, std::shared_ptr<const normalize::Tables> tables,
    const IndexSource& src, ThreadPool* pool, IndexReport* report) {
  IndexReport local;
  IndexReport& rep = report ? *report : local;
  rep = IndexReport{};
  rep.path = src.path;
  const auto t0 = std::chrono::steady_clock::now();
  TG_ASSIGN_OR_RETURN(const std::string stored_digest, StoredRecordsDigest(db));
  rep.records_digest = stored_digest;
  IndexIdentity id{stored_digest, src.tables_digest, src.key};
  if (!src.path.empty() && !stored_digest.empty()) {
    auto mapped = MapIndexFile(src.path, id, tables, pool);
    if (mapped.ok()) {
      rep.mapped = true;
      rep.seconds = SecondsSince(t0);
      rep.file_bytes = mapped->MemoryBytes();
      return std::make_shared<const linkage::MatchIndex>(
          std::move(mapped).value());
    }
    if (mapped.status().code() == StatusCode::kUnavailable) {
      return mapped.status();
    }
    rep.rebuilt_because = std::string(mapped.status().message());
  } else if (!src.path.empty()) {
    rep.rebuilt_because =
        "the store has no records digest (loaded by an older taxgate): "
        "run `taxgate load` again to keep its index in a file";
  }
  TG_ASSIGN_OR_RETURN(auto rows, db->ReadRecords());
  std::vector<uint64_t> digests = RowDigests(src.key, rows, pool);
  const std::string actual = RecordsDigest(rows, digests);
  auto index = std::make_shared<linkage::MatchIndex>(
      BuildIndex(std::move(rows), tables, digests, pool));
  if (!src.path.empty() && !stored_digest.empty()) {
    if (actual != stored_digest) {
      // The rows are not the ones `load` wrote: changed outside taxgate.
      // Match against them (the digests are theirs, so what is disclosed
      // is what was matched), but keep no file that would claim the
      // stored digest.
      rep.warnings.push_back(
          "the store's records do not match the digest `taxgate load` "
          "recorded (changed outside taxgate?): the index was built from the "
          "rows as they are and not kept; run `taxgate load` to make the "
          "store whole again");
    } else {
      id.records_digest = actual;
      auto written = WriteIndexFile(*index, id, src.path);
      if (written.ok()) {
        rep.file_bytes = *written;
      } else {
        rep.warnings.push_back("the match index could not be kept: " +
                               std::string(written.status().message()));
      }
    }
  }
  rep.seconds = SecondsSince(t0);
  return std::shared_ptr<const linkage::MatchIndex>(std::move(index));
}

Result<std::vector<domain::Record>> ReadIndexedRows(
    storage::Database* db, const linkage::MatchIndex& index,
    std::string_view key, const std::vector<size_t>& rows) {
  std::vector<std::string> ids;
  ids.reserve(rows.size());
  for (size_t r : rows) ids.emplace_back(index.record_id(r));
  TG_ASSIGN_OR_RETURN(auto found, db->ReadRecordsById(ids));
  std::unordered_map<std::string_view, const domain::Record*> by_id;
  for (const auto& r : found) by_id.emplace(r.record_id, &r);
  std::vector<domain::Record> out;
  out.reserve(rows.size());
  for (size_t k = 0; k < rows.size(); ++k) {
    auto it = by_id.find(ids[k]);
    if (it == by_id.end()) {
      return Status::DataLoss("record " + ids[k] +
                              " was matched but is no longer in the store "
                              "(a `taxgate load` meanwhile, or a change "
                              "outside taxgate): nothing of it is released");
    }
    const uint64_t want = index.row_digest(rows[k]);
    if (RowDigest(key, *it->second) != want) {
      return Status::DataLoss(
          "record " + ids[k] +
          " in the store differs from the row that was matched (the store "
          "changed after its index was opened: a `taxgate load` meanwhile, "
          "or a change outside taxgate): nothing of it is released");
    }
    out.push_back(*it->second);
  }
  return out;
}

}  // namespace taxgate::record_store
