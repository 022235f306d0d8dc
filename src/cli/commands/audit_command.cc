// `taxgate audit ...`: the verifiable log for operators and outside auditors
// (FORMATS.md, "The audit log, for outside auditors"). verify, show, proof
// and consistency only read the store (a copy is enough) and need no secret;
// checkpoint signs with the store's key when the latest checkpoint is not
// of the current tree; rotate-key replaces that key; witness sends the
// latest checkpoint to the outside witnesses (docs/witnesses.md).
#include <iostream>
#include <nlohmann/json.hpp>

#include "audit/checkpoint.h"
#include "audit/merkle.h"
#include "cli/cli_context.h"
#include "cli/witness_hook.h"
#include "common/crypto.h"
#include "common/file_util.h"
#include "common/strings.h"
#include "disclosure/audit_entry.h"
#include "pipeline/checkpoints.h"
#include "pipeline/keys.h"
#include "pipeline/verify.h"
#include "pipeline/witnesses.h"

namespace taxgate::cli {
namespace {

using Json = nlohmann::json;

// Every leaf hash of the log, in order.
Result<std::vector<Hash256>> LeafHashes(storage::Database* db) {
  std::vector<Hash256> out;
  TG_RETURN_IF_ERROR(db->ScanAuditLeaves([&](const storage::AuditLeaf& l) {
    out.push_back(l.leaf_hash);
    return Status::Ok();
  }));
  return out;
}

// The tree size proofs default to: the latest signed checkpoint's (so the
// proof can be checked against what was published), else the whole log.
Result<uint64_t> DefaultSize(storage::Database* db, uint64_t log_size) {
  TG_ASSIGN_OR_RETURN(auto latest, pipeline::LatestCheckpoint(db));
  return latest ? static_cast<uint64_t>(latest->tree_size) : log_size;
}

Result<std::vector<audit::NoteVerifier>> Verifiers(const std::string& db,
                                                   const std::string& file) {
  if (file.empty()) {
    TG_ASSIGN_OR_RETURN(std::string keys_dir, pipeline::KeysDirFor(db));
    return pipeline::LoadCheckpointVerifiers(keys_dir);
  }
  TG_ASSIGN_OR_RETURN(std::string text, ReadFile(file));
  return pipeline::ParseVerifierList(text, file);
}

Json CheckpointJson(const storage::CheckpointRow& c,
                    const std::string& origin) {
  return Json{{"origin", origin},
              {"tree_size", c.tree_size},
              {"root_hash_hex", ToHex(c.root)},
              {"note", c.note}};
}

// taxgate audit verify
void AddAuditVerify(CLI::App* cmd, Action* run, std::shared_ptr<std::string> db,
                    std::shared_ptr<bool> json) {
  auto* verify = cmd->add_subcommand(
      "verify",
      "Recompute every leaf hash and tree root, check every signed "
      "checkpoint; name the first bad entry or checkpoint");
  auto verifiers = std::make_shared<std::string>();
  verify->add_option("--db", *db, "store")->capture_default_str();
  verify->add_option("--verifiers", *verifiers,
                     "file of verifier keys, one per line (default: the "
                     "store's <db>.keys/checkpoint-verifiers.txt)");
  auto published = std::make_shared<std::vector<std::string>>();
  verify->add_option(
      "--published", *published,
      "a checkpoint published outside the store (audit checkpoint --out, a "
      "witness's copy): the log must extend it; only this catches a log cut "
      "together with its stored checkpoints; repeatable");
  auto witnesses = std::make_shared<std::string>();
  auto min = std::make_shared<int64_t>(-1);
  verify->add_option(
      "--witnesses", *witnesses,
      "the auditor's witnesses file (name URL key a line): each reachable "
      "witness's latest checkpoint of this log must be extended by it, and "
      "the latest checkpoint needs --min valid cosignatures");
  verify
      ->add_option("--min", *min,
                   "cosignatures required from distinct witnesses of "
                   "--witnesses (default: all of them)")
      ->check(NonNegative());
  verify->add_flag("--json", *json, "print the result as JSON");
  verify->callback([=] {
    *run = [=] {
      if (*min >= 0 && witnesses->empty()) {
        return Fail(Status::InvalidArgument("--min needs --witnesses FILE"));
      }
      auto store = OpenExistingDatabase(*db);
      if (!store.ok()) return Fail(store.status());
      auto keys = Verifiers(*db, *verifiers);
      if (!keys.ok()) return Fail(keys.status());
      auto notes = ReadPublished(*published);
      if (!notes.ok()) return Fail(notes.status());
      std::optional<pipeline::WitnessCheck> check;
      if (!witnesses->empty()) {
        auto list = pipeline::LoadWitnesses(*witnesses);
        if (!list.ok()) return Fail(list.status());
        const int want =
            *min >= 0 ? static_cast<int>(*min) : static_cast<int>(list->size());
        if (want > static_cast<int>(list->size())) {
          return Fail(Status::InvalidArgument(
              "--min " + std::to_string(want) + ": " + *witnesses +
              " lists only " + std::to_string(list->size()) + " witnesses"));
        }
        auto c = pipeline::CheckWitnesses(store->get(), *list, want);
        if (!c.ok()) return Fail(c.status());
        check = *c;
        Warn(check->unreachable);
        notes->insert(notes->end(), check->witness_views.begin(),
                      check->witness_views.end());
      }
      auto report = pipeline::VerifyAuditLog(store->get(), *keys, *notes);
      if (!report.ok()) return Fail(report.status());
      const bool witnessed = !check || check->ok();
      if (*json) {
        Json j = {{"ok", report->ok},
                  {"leaves_checked", report->leaves},
                  {"checkpoints_checked", report->checkpoints},
                  {"root_hash_hex", ToHex(report->root)}};
        if (report->first_bad >= 0) {
          j["first_bad_leaf"] = report->first_bad;
          j["problem"] = report->problem;
        }
        if (report->first_bad_checkpoint >= 0) {
          j["first_bad_checkpoint"] = report->first_bad_checkpoint;
          j["checkpoint_problem"] = report->checkpoint_problem;
        }
        if (!report->unsigned_tail.empty()) {
          j["signed_size"] = report->signed_size;
          j["unsigned_tail"] = report->unsigned_tail;
        }
        j["published_checked"] = report->published_checked;
        if (report->published_lost > 0) {
          j["published_lost_to"] = report->published_lost;
        }
        if (!report->published_problem.empty()) {
          j["published_problem"] = report->published_problem;
        }
        if (check) {
          j["witnesses"] = {{"tree_size", check->tree_size},
                            {"required", check->required},
                            {"cosigned_by", check->cosigned_by},
                            {"missing", check->missing},
                            {"unreachable", check->unreachable}};
          j["ok"] = report->ok && witnessed;
        }
        std::cout << j.dump() << "\n";
      } else if (report->ok && !witnessed) {
        std::cout << "audit verify: FAILED: checkpoint " << check->tree_size
                  << " has " << check->cosigned_by.size() << " valid witness "
                  << "cosignatures, " << check->required << " required";
        if (!check->cosigned_by.empty()) {
          std::cout << " (cosigned by " << Join(check->cosigned_by, ", ")
                    << ")";
        }
        std::cout << "; missing: " << Join(check->missing, "; ") << "\n";
      } else if (report->ok) {
        std::cout << "audit verify: OK, " << report->leaves << " entries, root "
                  << ToHex(report->root) << "; " << report->checkpoints
                  << " signed checkpoints verified";
        if (report->published_checked > 0) {
          std::cout << "; it extends the " << report->published_checked
                    << " published checkpoints given";
        }
        if (check) {
          std::cout << "; checkpoint " << check->tree_size << " cosigned by "
                    << (check->cosigned_by.empty()
                            ? std::string("no witness")
                            : Join(check->cosigned_by, ", "))
                    << " (" << check->required << " required)";
        }
        std::cout << "\n";
      } else if (report->first_bad >= 0) {
        std::cout << "audit verify: FAILED at entry " << report->first_bad
                  << ": " << report->problem << " (" << report->leaves
                  << " entries before it are good)\n";
      } else if (report->first_bad_checkpoint >= 0) {
        std::cout << "audit verify: FAILED at checkpoint "
                  << report->first_bad_checkpoint << ": "
                  << report->checkpoint_problem << "\n";
      } else if (!report->published_problem.empty()) {
        std::cout << "audit verify: FAILED: " << report->published_problem
                  << "\n";
      } else if (report->published_lost > 0) {
        std::cout << "audit verify: FAILED: a published checkpoint signed "
                  << report->published_lost << " entries and the log holds "
                  << report->leaves << ": entries " << report->leaves << " to "
                  << report->published_lost - 1
                  << " were lost (the log was cut, or an older backup "
                     "restored)\n";
      } else {
        std::cout << "audit verify: FAILED: " << report->unsigned_tail << " ("
                  << report->leaves << " entries, " << report->checkpoints
                  << " checkpoints)\n";
      }
      if (check && !report->ok && !*json) {
        std::cout << "audit verify: witnesses: checkpoint " << check->tree_size
                  << " cosigned by "
                  << (check->cosigned_by.empty()
                          ? std::string("no witness")
                          : Join(check->cosigned_by, ", "))
                  << " (" << check->required << " required)\n";
      }
      return report->ok && witnessed ? kExitOk : kExitFailure;
    };
  });
}

// taxgate audit show
void AddAuditShow(CLI::App* cmd, Action* run, std::shared_ptr<std::string> db,
                  std::shared_ptr<bool> json) {
  auto* show = cmd->add_subcommand("show", "Print the bytes of entry N");
  auto index = std::make_shared<int64_t>(0);
  show->add_option("n", *index, "leaf index")->required()->check(NonNegative());
  show->add_option("--db", *db, "store")->capture_default_str();
  show->add_flag("--json", *json, "print {leaf_index, leaf_base64}");
  show->callback([=] {
    *run = [=] {
      auto store = OpenExistingDatabase(*db);
      if (!store.ok()) return Fail(store.status());
      auto leaf = (*store)->ReadAuditLeaf(*index);
      if (!leaf.ok()) return Fail(leaf.status());
      if (*json) {
        std::cout << Json{{"leaf_index", leaf->index},
                          {"leaf_base64", Base64Encode(leaf->entry)}}
                         .dump()
                  << "\n";
      } else {
        std::cout << leaf->entry << "\n";
      }
      return kExitOk;
    };
  });
}

// taxgate audit checkpoint
void AddAuditCheckpoint(CLI::App* cmd, Action* run,
                        std::shared_ptr<std::string> db,
                        std::shared_ptr<bool> json) {
  auto* checkpoint = cmd->add_subcommand(
      "checkpoint",
      "Print the latest signed checkpoint (signing one of the current tree "
      "first if needed), for outside witnesses");
  auto out = std::make_shared<std::string>();
  checkpoint->add_option("--db", *db, "store")->capture_default_str();
  checkpoint->add_option("--out", *out, "also write the signed note here");
  checkpoint->add_flag("--json", *json,
                       "print {origin, tree_size, root_hash_hex, note}");
  auto cosigned = std::make_shared<bool>(false);
  auto witnesses = std::make_shared<std::string>();
  checkpoint->add_option(
      "--witnesses", *witnesses,
      "send the checkpoint to the witnesses of this file first (name URL key "
      "a line; default $TAXGATE_WITNESSES); a witness down is a warning");
  checkpoint->add_flag("--cosigned", *cosigned,
                       "print (and --out) the note followed by the "
                       "cosignatures stored for it from those witnesses; "
                       "--json adds cosigned_note");
  checkpoint->callback([=] {
    *run = [=] {
      auto store = OpenStore(*db);
      if (!store.ok()) return Fail(store.status());
      auto c = store->ledger->Checkpoint();
      if (!c.ok()) return Fail(c.status());
      std::string note = c->note;
      const std::string file = WitnessesFile(*witnesses);
      if (*cosigned && file.empty()) {
        return Fail(Status::InvalidArgument(
            "--cosigned needs a witnesses file (--witnesses or "
            "$TAXGATE_WITNESSES)"));
      }
      if (!file.empty()) {
        auto list = pipeline::LoadWitnesses(file);
        if (!list.ok()) return Fail(list.status());
        auto report = pipeline::CollectCosignatures(store->db.get(), *list);
        if (!report.ok()) return Fail(report.status());
        Warn(report->Warnings());
        if (*cosigned) {
          auto n = pipeline::CosignedNote(store->db.get(), *c, *list);
          if (!n.ok()) return Fail(n.status());
          note = *n;
        }
      }
      if (!out->empty()) {
        Status s = WriteOutputFile(*out, note);
        if (!s.ok()) return Fail(s);
      }
      if (*json) {
        Json j = CheckpointJson(*c, store->origin);
        if (*cosigned) j["cosigned_note"] = note;
        std::cout << j.dump() << "\n";
      } else {
        std::cout << note;
      }
      return kExitOk;
    };
  });
}

// taxgate audit proof
void AddAuditProof(CLI::App* cmd, Action* run, std::shared_ptr<std::string> db,
                   std::shared_ptr<bool> json) {
  auto* proof = cmd->add_subcommand(
      "proof", "Inclusion proof of entry N in the tree of the first M entries");
  auto leaf_n = std::make_shared<int64_t>(-1);
  auto size_m = std::make_shared<int64_t>(-1);
  proof->add_option("--leaf", *leaf_n, "entry index")
      ->required()
      ->check(NonNegative());
  proof
      ->add_option("--size", *size_m,
                   "tree size (default: the latest checkpoint's)")
      ->check(Positive());
  proof->add_option("--db", *db, "store")->capture_default_str();
  proof->add_flag("--json", *json,
                  "print {leaf_index, tree_size, leaf_hash_hex, path_hex, "
                  "root_hash_hex}");
  proof->callback([=] {
    *run = [=] {
      auto store = OpenExistingDatabase(*db);
      if (!store.ok()) return Fail(store.status());
      auto hashes = LeafHashes(store->get());
      if (!hashes.ok()) return Fail(hashes.status());
      uint64_t size = static_cast<uint64_t>(*size_m);
      if (*size_m < 0) {
        auto d = DefaultSize(store->get(), hashes->size());
        if (!d.ok()) return Fail(d.status());
        size = *d;
      }
      const uint64_t leaf = static_cast<uint64_t>(*leaf_n);
      if (size > hashes->size() || leaf >= size) {
        return Fail(Status::InvalidArgument(
            "audit proof: want leaf < size <= " +
            std::to_string(hashes->size()) + " (the log's size); got leaf " +
            std::to_string(leaf) + ", size " + std::to_string(size)));
      }
      Json j = pipeline::InclusionProofJson(*hashes, leaf, size);
      if (*json) {
        std::cout << j.dump() << "\n";
      } else {
        std::cout << "inclusion of entry " << leaf << " in the tree of " << size
                  << " entries, root " << j["root_hash_hex"].get<std::string>()
                  << "\nleaf hash " << j["leaf_hash_hex"].get<std::string>()
                  << "\n";
        for (const auto& h : j["path_hex"]) {
          std::cout << "  " << h.get<std::string>() << "\n";
        }
      }
      return kExitOk;
    };
  });
}

// taxgate audit consistency
void AddAuditConsistency(CLI::App* cmd, Action* run,
                         std::shared_ptr<std::string> db,
                         std::shared_ptr<bool> json) {
  auto* consistency = cmd->add_subcommand(
      "consistency",
      "Consistency proof: the tree of N entries extends the tree of M");
  auto from = std::make_shared<int64_t>(-1);
  auto to = std::make_shared<int64_t>(-1);
  consistency->add_option("--from", *from, "older tree size M")
      ->required()
      ->check(Positive());
  consistency->add_option("--to", *to,
                          "newer tree size N (default: the latest "
                          "checkpoint's)");
  consistency->add_option("--db", *db, "store")->capture_default_str();
  consistency->add_flag("--json", *json,
                        "print {from_size, to_size, path_hex, from_root_hex, "
                        "to_root_hex}");
  consistency->callback([=] {
    *run = [=] {
      auto store = OpenExistingDatabase(*db);
      if (!store.ok()) return Fail(store.status());
      auto hashes = LeafHashes(store->get());
      if (!hashes.ok()) return Fail(hashes.status());
      uint64_t n = static_cast<uint64_t>(*to);
      if (*to < 0) {
        auto d = DefaultSize(store->get(), hashes->size());
        if (!d.ok()) return Fail(d.status());
        n = *d;
      }
      const uint64_t m = static_cast<uint64_t>(*from);
      if (m > n || n > hashes->size()) {
        return Fail(Status::InvalidArgument(
            "audit consistency: want 0 < from <= to <= " +
            std::to_string(hashes->size()) + " (the log's size); got from " +
            std::to_string(m) + ", to " + std::to_string(n)));
      }
      Json j = pipeline::ConsistencyProofJson(*hashes, m, n);
      if (*json) {
        std::cout << j.dump() << "\n";
      } else {
        std::cout << "tree of " << m << " entries (root "
                  << j["from_root_hex"].get<std::string>()
                  << ") is a prefix of the tree of " << n << " (root "
                  << j["to_root_hex"].get<std::string>() << "):\n";
        for (const auto& h : j["path_hex"]) {
          std::cout << "  " << h.get<std::string>() << "\n";
        }
      }
      return kExitOk;
    };
  });
}

// taxgate audit rotate-key
void AddAuditRotate(CLI::App* cmd, Action* run,
                    std::shared_ptr<std::string> db) {
  auto* rotate = cmd->add_subcommand(
      "rotate-key",
      "Replace the checkpoint signing key (audited); checkpoints signed "
      "before stay verifiable with the old public key");
  rotate->add_option("--db", *db, "store")->capture_default_str();
  rotate->callback([=] {
    *run = [=] {
      auto store = OpenStore(*db);
      if (!store.ok()) return Fail(store.status());
      auto old_key = pipeline::LoadOrCreateCheckpointSigner(store->keys_dir,
                                                            store->origin);
      if (!old_key.ok()) return Fail(old_key.status());
      auto fresh = audit::MakeNoteSigner(store->origin, RandomBytes(32));
      if (!fresh.ok()) return Fail(fresh.status());
      // The rotation is logged first, under the old key; only then is the
      // new key installed. A crash in between leaves the old key in use
      // (run rotate-key again), never an unlogged new one.
      pipeline::OperatorContext op = store->OperatorContext();
      disclosure::EntryContext c{"", -1, op.time, op.key};
      disclosure::Actor a{"operator", "", "", "", op.operator_name};
      store->ledger->Stage(
          disclosure::OperatorEntry(c, a, "rotate_checkpoint_key",
                                    {{"old_key", old_key->verifier.ToString()},
                                     {"new_key", fresh->verifier.ToString()}}));
      Status s = store->ledger->Commit({});
      if (!s.ok()) return Fail(s);
      s = pipeline::InstallCheckpointSigner(store->keys_dir, *fresh);
      if (!s.ok()) return Fail(s);
      store->ledger->SetCheckpointSigner(*fresh, store->origin);
      auto signed_now = store->ledger->Checkpoint();
      if (!signed_now.ok()) return Fail(signed_now.status());
      std::cout << "audit rotate-key: checkpoints are now signed by\n  "
                << fresh->verifier.ToString() << "\n(was "
                << old_key->verifier.ToString() << "; both are listed in "
                << store->keys_dir << "/checkpoint-verifiers.txt)\n";
      return kExitOk;
    };
  });
}

// taxgate audit witness
void AddAuditWitness(CLI::App* cmd, Action* run,
                     std::shared_ptr<std::string> db,
                     std::shared_ptr<bool> json) {
  auto* w = cmd->add_subcommand(
      "witness",
      "Send the latest checkpoint to the outside witnesses now (signing one "
      "of the current tree first if needed) and keep their cosignatures; "
      "exit 1 unless every witness cosigned it");
  auto witnesses = std::make_shared<std::string>();
  w->add_option("--db", *db, "store")->capture_default_str();
  w->add_option("--witnesses", *witnesses,
                "witnesses file: name URL verifier-key a line (default "
                "$TAXGATE_WITNESSES)");
  w->add_flag("--json", *json,
              "print {tree_size, cosigned_by, problems: {witness: why}}");
  w->callback([=] {
    *run = [=] {
      const std::string file = WitnessesFile(*witnesses);
      if (file.empty()) {
        return Fail(Status::InvalidArgument(
            "audit witness: give --witnesses FILE or set $TAXGATE_WITNESSES"));
      }
      auto list = pipeline::LoadWitnesses(file);
      if (!list.ok()) return Fail(list.status());
      auto store = OpenStore(*db);
      if (!store.ok()) return Fail(store.status());
      auto c = store->ledger->Checkpoint();
      if (!c.ok()) return Fail(c.status());
      // Asks every witness again, even one whose cosignature is stored: its
      // answer, not the store, says whether the log still extends what it
      // saw.
      auto report = pipeline::CollectCosignatures(
          store->db.get(), *list, witness::HttpTransport(), true);
      if (!report.ok()) return Fail(report.status());
      std::vector<std::string> by;
      Json problems = Json::object();
      for (const auto& o : report->outcomes) {
        if (o.cosigned) {
          by.push_back(o.witness);
        } else {
          problems[o.witness] = o.problem;
        }
      }
      if (*json) {
        std::cout << Json{{"tree_size", report->tree_size},
                          {"cosigned_by", by},
                          {"problems", problems}}
                         .dump()
                  << "\n";
      } else {
        for (const auto& o : report->outcomes) {
          std::cout << "audit witness: " << o.witness << ": "
                    << (o.cosigned ? "cosigned checkpoint " +
                                         std::to_string(report->tree_size)
                                   : "NOT cosigned: " + o.problem)
                    << "\n";
        }
      }
      return report->Cosigned() == static_cast<int>(list->size())
                 ? kExitOk
                 : kExitFailure;
    };
  });
}

}  // namespace

void RegisterAudit(CLI::App& app, Action* run) {
  auto* cmd = app.add_subcommand("audit", "The verifiable audit log");
  cmd->require_subcommand(1);
  auto db = std::make_shared<std::string>("taxgate.db");
  auto json = std::make_shared<bool>(false);
  AddAuditVerify(cmd, run, db, json);
  AddAuditShow(cmd, run, db, json);
  AddAuditCheckpoint(cmd, run, db, json);
  AddAuditProof(cmd, run, db, json);
  AddAuditConsistency(cmd, run, db, json);
  AddAuditRotate(cmd, run, db);
  AddAuditWitness(cmd, run, db, json);
}

}  // namespace taxgate::cli
