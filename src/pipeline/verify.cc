#include "pipeline/verify.h"

#include <algorithm>
#include <map>
#include <utility>

#include "audit/checkpoint.h"
#include "audit/merkle.h"
#include "pipeline/checkpoints.h"

namespace taxgate::pipeline {

namespace {

// The published checkpoints, opened; a bad one sets the report's problem.
std::vector<std::pair<std::string, audit::Checkpoint>> OpenPublished(
    const std::vector<PublishedCheckpoint>& published,
    const std::vector<audit::NoteVerifier>& verifiers, VerifyReport* report) {
  std::vector<std::pair<std::string, audit::Checkpoint>> out;
  for (const auto& p : published) {
    auto opened = audit::OpenNote(p.note, verifiers);
    if (!opened.ok()) {
      report->published_problem = "published checkpoint " + p.source + ": " +
                                  std::string(opened.status().message());
      break;
    }
    auto cp = audit::ParseCheckpoint(opened->text);
    if (!cp.ok()) {
      report->published_problem = "published checkpoint " + p.source + ": " +
                                  std::string(cp.status().message());
      break;
    }
    out.emplace_back(p.source, *cp);
  }
  return out;
}

// Each published checkpoint against the recomputed roots of the log.
void CheckPublished(
    const std::vector<std::pair<std::string, audit::Checkpoint>>& published,
    const std::string& origin, const std::map<int64_t, Hash256>& roots,
    VerifyReport* report) {
  for (const auto& [source, cp] : published) {
    ++report->published_checked;
    const int64_t size = static_cast<int64_t>(cp.size);
    if (cp.origin != origin) {
      report->published_problem = "published checkpoint " + source +
                                  " is of another log ('" + cp.origin +
                                  "', this one is '" + origin + "')";
      return;
    }
    if (size > report->leaves) {
      report->published_lost = std::max(report->published_lost, size);
      continue;
    }
    auto it = roots.find(size);
    if (it == roots.end() || it->second != cp.root) {
      report->published_problem =
          "published checkpoint " + source + " signed root " + ToHex(cp.root) +
          " for the first " + std::to_string(size) +
          " entries; the log's root there is " +
          (it == roots.end() ? std::string("unknown") : ToHex(it->second)) +
          ": entries up to " + std::to_string(size) + " were rewritten";
      return;
    }
  }
}

}  // namespace

Result<VerifyReport> VerifyAuditLog(
    storage::Database* db, const std::vector<audit::NoteVerifier>& verifiers,
    const std::vector<PublishedCheckpoint>& published) {
  VerifyReport report;
  audit::CompactRange range;
  TG_ASSIGN_OR_RETURN(auto checkpoints, db->ReadCheckpoints());
  auto outside = OpenPublished(published, verifiers, &report);
  // The recomputed root at every size a checkpoint commits to.
  std::map<int64_t, Hash256> roots;
  for (const auto& c : checkpoints) roots[c.tree_size] = Hash256{};
  for (const auto& p : outside) {
    roots[static_cast<int64_t>(p.second.size)] = Hash256{};
  }
  if (roots.count(0)) roots[0] = audit::EmptyRoot();
  Status s = db->ScanAuditLeaves([&](const storage::AuditLeaf& leaf) {
    auto fail = [&](std::string why) {
      report.first_bad = leaf.index;
      report.problem = std::move(why);
      return Status::DataLoss("stop");
    };
    if (leaf.index != report.leaves) {
      report.first_bad = report.leaves;
      report.problem = "entry is missing (next stored entry is " +
                       std::to_string(leaf.index) + ")";
      return Status::DataLoss("stop");
    }
    Hash256 h = audit::LeafHash(leaf.entry);
    if (h != leaf.leaf_hash) {
      return fail("entry bytes do not match the stored leaf hash (got " +
                  ToHex(h) + ", want " + ToHex(leaf.leaf_hash) + ")");
    }
    range.Append(h);
    Hash256 root = range.Root();
    if (root != leaf.root_after) {
      return fail(
          "tree root after this entry does not match the stored "
          "root (got " +
          ToHex(root) + ", want " + ToHex(leaf.root_after) + ")");
    }
    ++report.leaves;
    if (auto it = roots.find(report.leaves); it != roots.end()) {
      it->second = root;
    }
    return Status::Ok();
  });
  if (!s.ok() && report.first_bad < 0) return s;
  report.root = range.Root();
  TG_ASSIGN_OR_RETURN(std::string origin, LogOrigin(db));
  int64_t last_size = 0;
  for (const auto& c : checkpoints) {
    auto bad = [&](std::string why) {
      report.first_bad_checkpoint = c.id;
      report.checkpoint_problem = std::move(why);
    };
    ++report.checkpoints;
    auto opened = audit::OpenNote(c.note, verifiers);
    if (!opened.ok()) {
      bad(std::string(opened.status().message()));
      break;
    }
    auto cp = audit::ParseCheckpoint(opened->text);
    if (!cp.ok()) {
      bad(std::string(cp.status().message()));
      break;
    }
    if (cp->origin != origin) {
      bad("origin '" + cp->origin + "' is not this log's ('" + origin + "')");
      break;
    }
    if (static_cast<int64_t>(cp->size) != c.tree_size || cp->root != c.root) {
      bad("the signed size or root differs from the stored one");
      break;
    }
    if (c.tree_size < last_size) {
      bad("tree size " + std::to_string(c.tree_size) +
          " is smaller than an earlier checkpoint's (" +
          std::to_string(last_size) + "): the log was cut");
      break;
    }
    last_size = c.tree_size;
    if (c.tree_size > report.leaves) {
      bad("commits to " + std::to_string(c.tree_size) +
          " entries, the log holds " + std::to_string(report.leaves) +
          " good ones");
      break;
    }
    if (roots[c.tree_size] != cp->root) {
      bad("root of the first " + std::to_string(c.tree_size) + " entries is " +
          ToHex(roots[c.tree_size]) +
          ", the checkpoint "
          "signed " +
          ToHex(cp->root));
      break;
    }
  }
  report.signed_size = last_size;
  if (report.first_bad < 0 && report.first_bad_checkpoint < 0 &&
      last_size < report.leaves) {
    report.unsigned_tail =
        checkpoints.empty()
            ? "no signed checkpoint: none of the log's " +
                  std::to_string(report.leaves) +
                  " entries is signed (checkpoints deleted?)"
            : "entries " + std::to_string(last_size) + " to " +
                  std::to_string(report.leaves - 1) +
                  " are covered by no signed checkpoint (appended behind "
                  "taxgate's back, or checkpoints deleted)";
  }
  if (report.first_bad < 0 && report.published_problem.empty()) {
    CheckPublished(outside, origin, roots, &report);
  }
  report.ok = report.first_bad < 0 && report.first_bad_checkpoint < 0 &&
              report.unsigned_tail.empty() && report.published_lost == 0 &&
              report.published_problem.empty();
  return report;
}

}  // namespace taxgate::pipeline
