#include "record_store/index_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <utility>
#include <vector>

#include "common/crypto.h"
#include "common/file_util.h"

namespace taxgate::record_store {
namespace {

constexpr char kMagic[8] = {'T', 'G', 'M', 'I', 'D', 'X', '1', '\n'};
constexpr size_t kHeaderBytes = 4096;
constexpr size_t kAlign = 64;

struct FileHeader {
  char magic[8];
  uint32_t version;
  uint32_t sections;
  uint64_t records;
  uint64_t file_bytes;
  uint64_t shape[4];
  uint8_t records_digest[32];
  uint8_t tables_digest[32];
};
static_assert(sizeof(FileHeader) == 128);

struct SectionEntry {
  uint32_t id;
  uint32_t elem;
  uint64_t offset;
  uint64_t count;
  uint64_t checksum;  // XXH3-64 of the section's bytes
};
static_assert(sizeof(SectionEntry) == 32);

constexpr size_t kMaxSections =
    (kHeaderBytes - sizeof(FileHeader) - 32) / sizeof(SectionEntry);

// The 32 bytes of a hex digest ("" or malformed: zeros, which no real
// digest is).
std::array<uint8_t, 32> DigestBytes(const std::string& hex) {
  std::array<uint8_t, 32> out{};
  auto raw = FromHex(hex);
  if (raw && raw->size() == 32) std::memcpy(out.data(), raw->data(), 32);
  return out;
}

// One array to write.
struct Piece {
  uint32_t id;
  uint32_t elem;
  const void* data;
  uint64_t count;
};

struct Collect {
  std::vector<Piece> pieces;
  template <class T>
  void operator()(uint32_t id, const Column<T>& c) {
    pieces.push_back({id, static_cast<uint32_t>(sizeof(T)), c.data(),
                      static_cast<uint64_t>(c.size())});
  }
};

Status WriteAll(int fd, const void* data, size_t n, const std::string& path) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::write(fd, p, std::min<size_t>(n, size_t{1} << 30));
    if (w < 0) {
      if (errno == EINTR) continue;
      return Status::Unavailable(
          path + ": cannot write the match index: " + std::strerror(errno));
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

std::string HeaderMac(const std::string& key, const uint8_t* header,
                      size_t sections) {
  Hash256 mac = HmacSha256(
      key,
      std::string_view(reinterpret_cast<const char*>(header),
                       sizeof(FileHeader) + sections * sizeof(SectionEntry)));
  return std::string(reinterpret_cast<const char*>(mac.data()), mac.size());
}

// An mmap'd file, unmapped when the last index borrowing it goes.
struct Mapping {
  void* addr = MAP_FAILED;
  size_t size = 0;
  ~Mapping() {
    if (addr != MAP_FAILED) ::munmap(addr, size);
  }
  const uint8_t* bytes() const { return static_cast<const uint8_t*>(addr); }
};

// Lends each column its section of the mapping.
struct Lend {
  const Mapping* map;
  std::map<uint32_t, SectionEntry> sections;
  std::string missing;  // the first section absent or of another type
  template <class T>
  void operator()(uint32_t id, Column<T>& c) {
    auto it = sections.find(id);
    if (it == sections.end() || it->second.elem != sizeof(T)) {
      if (missing.empty()) missing = "section " + std::to_string(id);
      return;
    }
    c.Borrow(reinterpret_cast<const T*>(map->bytes() + it->second.offset),
             it->second.count);
  }
};

}  // namespace

Result<uint64_t> WriteIndexFile(const linkage::MatchIndex& index,
                                const IndexIdentity& id,
                                const std::string& path) {
  Collect collect;
  // VisitColumns hands out the columns; Collect only reads them.
  const_cast<linkage::MatchIndex&>(index).VisitColumns(collect);
  if (collect.pieces.size() > kMaxSections) {
    return Status::Internal("match index: too many sections");
  }
  std::vector<uint8_t> header(kHeaderBytes, 0);
  FileHeader h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kIndexFormatVersion;
  h.sections = static_cast<uint32_t>(collect.pieces.size());
  h.records = index.size();
  const auto shape = index.shape();
  h.shape[0] = shape.max_block_size;
  h.shape[1] = shape.max_tin_block_size;
  h.shape[2] = shape.max_candidates_returned;
  h.shape[3] = shape.directory_bits;
  auto rd = DigestBytes(id.records_digest), td = DigestBytes(id.tables_digest);
  std::memcpy(h.records_digest, rd.data(), 32);
  std::memcpy(h.tables_digest, td.data(), 32);
  uint64_t offset = kHeaderBytes;
  std::vector<SectionEntry> entries;
  for (const Piece& p : collect.pieces) {
    const uint64_t bytes = p.count * p.elem;
    entries.push_back({p.id, p.elem, offset, p.count,
                       XXH3_64bits(p.data, static_cast<size_t>(bytes))});
    offset = (offset + bytes + kAlign - 1) / kAlign * kAlign;
  }
  h.file_bytes = offset;
  std::memcpy(header.data(), &h, sizeof h);
  std::memcpy(header.data() + sizeof h, entries.data(),
              entries.size() * sizeof(SectionEntry));
  const std::string mac = HeaderMac(id.key, header.data(), entries.size());
  std::memcpy(header.data() + sizeof h + entries.size() * sizeof(SectionEntry),
              mac.data(), mac.size());

  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  ::unlink(tmp.c_str());  // a dead process's of the same pid
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::Unavailable(
        tmp + ": cannot create the match index: " + std::strerror(errno));
  }
  Status s = WriteAll(fd, header.data(), header.size(), tmp);
  uint64_t at = kHeaderBytes;
  static const char kZeros[kAlign] = {};
  for (size_t i = 0; i < entries.size() && s.ok(); ++i) {
    if (entries[i].offset > at) {
      s = WriteAll(fd, kZeros, entries[i].offset - at, tmp);
      at = entries[i].offset;
    }
    const uint64_t bytes = entries[i].count * entries[i].elem;
    if (s.ok()) s = WriteAll(fd, collect.pieces[i].data, bytes, tmp);
    at += bytes;
  }
  if (s.ok() && at < offset) s = WriteAll(fd, kZeros, offset - at, tmp);
  if (s.ok() && ::fsync(fd) != 0) {
    s = Status::Unavailable(tmp + ": fsync: " + std::strerror(errno));
  }
  ::close(fd);
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    s = Status::Unavailable(path +
                            ": cannot rename the match index into "
                            "place: " +
                            std::strerror(errno));
  }
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  TG_RETURN_IF_ERROR(SyncParentDir(path));
  return offset;
}

Result<linkage::MatchIndex> MapIndexFile(
    const std::string& path, const IndexIdentity& id,
    std::shared_ptr<const normalize::Tables> tables, ThreadPool* pool) {
  auto damaged = [&](const std::string& why) {
    return Status::DataLoss(path + ": damaged match index: " + why);
  };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + ": no match index");
    return Status::Unavailable(
        path + ": cannot open the match index: " + std::strerror(errno));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Status::Unavailable(path + ": " + std::strerror(errno));
  }
  const size_t size = static_cast<size_t>(st.st_size);
  if (size < kHeaderBytes) {
    ::close(fd);
    return damaged("shorter than its header (" + std::to_string(size) +
                   " bytes)");
  }
  auto map = std::make_shared<Mapping>();
  map->addr = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  map->size = size;
  ::close(fd);
  if (map->addr == MAP_FAILED) {
    return Status::Unavailable(
        path + ": cannot map the match index: " + std::strerror(errno));
  }
  const uint8_t* bytes = map->bytes();
  FileHeader h;
  std::memcpy(&h, bytes, sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) {
    return damaged("not a taxgate match index (magic)");
  }
  if (h.version != kIndexFormatVersion) {
    return Status::FailedPrecondition(
        path + ": match index of format " + std::to_string(h.version) +
        ", this taxgate reads " + std::to_string(kIndexFormatVersion));
  }
  if (h.sections > kMaxSections) return damaged("section count");
  const size_t table_bytes = h.sections * sizeof(SectionEntry);
  const std::string mac = HeaderMac(id.key, bytes, h.sections);
  uint8_t differ = 0;  // constant time
  for (size_t i = 0; i < mac.size(); ++i) {
    differ |= static_cast<uint8_t>(mac[i]) ^ bytes[sizeof h + table_bytes + i];
  }
  if (differ != 0) {
    return damaged(
        "its header does not verify under this store's key (made for "
        "another store, or changed)");
  }
  if (h.file_bytes != size) {
    return damaged("the file has " + std::to_string(size) +
                   " bytes, its header says " + std::to_string(h.file_bytes) +
                   " (cut off?)");
  }
  if (DigestBytes(id.tables_digest) != std::to_array(h.tables_digest)) {
    return Status::FailedPrecondition(
        path +
        ": stale match index: built with other reference tables or "
        "another taxgate version");
  }
  if (DigestBytes(id.records_digest) != std::to_array(h.records_digest)) {
    return Status::FailedPrecondition(
        path +
        ": stale match index: the store's records changed since it "
        "was built");
  }
  std::vector<SectionEntry> entries(h.sections);
  std::memcpy(entries.data(), bytes + sizeof h, table_bytes);
  Lend lend{map.get(), {}, {}};
  for (const SectionEntry& e : entries) {
    if (e.elem == 0 || e.elem > 1024 || e.offset % kAlign != 0 ||
        e.offset < kHeaderBytes || e.offset > size ||
        e.count > (size - e.offset) / e.elem) {
      return damaged("section " + std::to_string(e.id) + " is out of bounds");
    }
    if (!lend.sections.emplace(e.id, e).second) {
      return damaged("section " + std::to_string(e.id) + " twice");
    }
  }
  // Checksums, biggest sections first, on the pool.
  std::vector<size_t> order(entries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return entries[a].count * entries[a].elem >
           entries[b].count * entries[b].elem;
  });
  std::vector<uint8_t> bad(entries.size(), 0);
  ForEach(
      pool, order.size(),
      [&](size_t k) {
        const SectionEntry& e = entries[order[k]];
        bad[order[k]] =
            XXH3_64bits(bytes + e.offset, e.count * e.elem) != e.checksum;
      },
      1);
  for (size_t i = 0; i < entries.size(); ++i) {
    if (bad[i]) {
      return damaged("section " + std::to_string(entries[i].id) +
                     " fails its checksum");
    }
  }
  linkage::MatchIndex index = linkage::MatchIndex::Empty(
      std::move(tables), {h.shape[0], h.shape[1], h.shape[2], h.shape[3]});
  index.VisitColumns(lend);
  if (!lend.missing.empty()) {
    return damaged(lend.missing + " is missing or of another type");
  }
  std::string why;
  if (index.size() > 0 && index.row_digest(0) == 0) {
    return damaged("it has no row digests");
  }
  if (index.size() != h.records || !index.Consistent(&why)) {
    return damaged("its arrays do not fit together (" +
                   (why.empty() ? std::string("record count") : why) + ")");
  }
  index.KeepAlive(std::move(map));
  return index;
}

}  // namespace taxgate::record_store
