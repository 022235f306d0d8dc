#include "pipeline/verify.h"

#include "audit/merkle.h"

namespace taxgate::pipeline {

Result<VerifyReport> VerifyAuditLog(storage::Database* db) {
  VerifyReport report;
  audit::CompactRange range;
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
    return Status::Ok();
  });
  if (!s.ok() && report.first_bad < 0) return s;
  report.ok = report.first_bad < 0;
  report.root = range.Root();
  return report;
}

}  // namespace taxgate::pipeline
