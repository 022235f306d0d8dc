// Fuzzes the signed notes of the audit log (audit/note.h: OpenNote,
// ParseNoteVerifier, ParseNoteSigner, SignNote) and checkpoint parsing
// (audit/checkpoint.h: ParseCheckpoint), all on the same bytes.
//
// Properties: no crash, sanitizer report or hang; a note that opens was
// verified by a known key and its text is the note's head; a verifier or
// signer key that parses is written back (ToString) to a key that parses
// to the same key; a checkpoint that parses is written back (Text) to one
// that parses to the same value; text that SignNote accepts, signed, opens
// with the signer's verifier to the same text, also with a second
// signature by an unknown key, and its signature does not verify for
// another text.
#include <string>

#include "audit/checkpoint.h"
#include "audit/note.h"
#include "common/crypto.h"
#include "fuzz_util.h"

namespace taxgate::fuzz {
namespace {

struct Keys {
  audit::NoteSigner signer;    // known to OpenNote
  audit::NoteSigner stranger;  // not known
  std::vector<audit::NoteVerifier> known;
};

const Keys& TestKeys() {
  static const Keys* keys = [] {
    auto* k = new Keys;
    k->signer =
        *audit::MakeNoteSigner("taxgate.fuzz/log", std::string(32, '\x07'));
    k->stranger =
        *audit::MakeNoteSigner("witness.example", std::string(32, '\x2a'));
    k->known.push_back(k->signer.verifier);
    // The key of the seed checkpoint fuzz/corpus/note/checkpoint.txt (made
    // by `taxgate audit checkpoint` on a throwaway store), so it opens.
    k->known.push_back(*audit::ParseNoteVerifier(
        "taxgate/f97e546561d6a497403054810dde7a28+cc788af0+"
        "AR1Xvz5JZzeMl43CMUVqWFO9t4D072nEiXVTK391yjF8"));
    // The Go sumdb/note test key (tests/audit/vectors/signed_note.json).
    k->known.push_back(*audit::ParseNoteVerifier(
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/"
        "LDE4izWy10TW"));
    return k;
  }();
  return *keys;
}

bool SameVerifier(const audit::NoteVerifier& a, const audit::NoteVerifier& b) {
  return a.name == b.name && a.key_id == b.key_id &&
         a.public_key == b.public_key;
}

bool SameCheckpoint(const audit::Checkpoint& a, const audit::Checkpoint& b) {
  return a.origin == b.origin && a.size == b.size && a.root == b.root &&
         a.extensions == b.extensions;
}

}  // namespace
}  // namespace taxgate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taxgate;
  using namespace taxgate::fuzz;
  const Keys& keys = TestKeys();
  const std::string_view text = AsText(data, size);

  // A note as a witness receives it.
  auto opened = audit::OpenNote(text, keys.known);
  if (opened.ok()) {
    FUZZ_CHECK(!opened->verified_by.empty());
    FUZZ_CHECK(text.substr(0, opened->text.size()) == opened->text);
    // A signed checkpoint: its text, parsed, is written back to the same
    // checkpoint.
    auto cp = audit::ParseCheckpoint(opened->text);
    if (cp.ok()) {
      auto again = audit::ParseCheckpoint(cp->Text());
      FUZZ_CHECK(again.ok() && SameCheckpoint(*again, *cp));
    }
  }

  // Keys as an operator writes them.
  auto verifier = audit::ParseNoteVerifier(text);
  if (verifier.ok()) {
    auto again = audit::ParseNoteVerifier(verifier->ToString());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(SameVerifier(*again, *verifier));
  }
  auto signer = audit::ParseNoteSigner(text);
  if (signer.ok()) {
    auto again = audit::ParseNoteSigner(signer->ToString());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(SameVerifier(again->verifier, signer->verifier));
    FUZZ_CHECK(again->seed == signer->seed);
    FUZZ_CHECK(signer->verifier.public_key == Ed25519PublicKey(signer->seed));
  }

  // A checkpoint's text.
  auto cp = audit::ParseCheckpoint(text);
  if (cp.ok()) {
    auto again = audit::ParseCheckpoint(cp->Text());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(SameCheckpoint(*again, *cp));
  }

  // Base64 as the notes use it.
  if (auto bytes = Base64Decode(text)) {
    auto back = Base64Decode(Base64Encode(*bytes));
    FUZZ_CHECK(back.has_value() && *back == *bytes);
  }

  // The bytes as a note's text: signed, the note opens.
  auto note = audit::SignNote(text, keys.signer);
  if (note.ok()) {
    auto got = audit::OpenNote(*note, keys.known);
    FUZZ_CHECK(got.ok());
    FUZZ_CHECK(got->text == text);
    FUZZ_CHECK(got->verified_by ==
               std::vector<std::string>{keys.signer.verifier.name});
    // A second signature by a key the reader does not know is ignored.
    auto cosigned = audit::SignNote(text, keys.stranger);
    FUZZ_CHECK(cosigned.ok());
    std::string both = *note + cosigned->substr(text.size() + 1);
    auto got2 = audit::OpenNote(both, keys.known);
    FUZZ_CHECK(got2.ok());
    FUZZ_CHECK(got2->text == text);
    // The signature is of this text only.
    std::string other(text);
    other.insert(0, "x");
    std::string forged = other + note->substr(text.size());
    auto bad = audit::OpenNote(forged, keys.known);
    FUZZ_CHECK(!bad.ok());
  }
  return 0;
}
