// RFC 6962 / RFC 9162 Merkle proofs and C2SP signed notes, checked in the
// browser with WebCrypto: the console's auditor view takes nothing on the
// server's word. An entry's leaf hash is computed here from its bytes, the
// root comes from a checkpoint whose Ed25519 signature is verified here
// with the verifier key the auditor gives, and the proof's path is the only
// thing taken from the server (a wrong path cannot make a wrong root).
"use strict";

const TaxgateProof = (() => {
  const enc = new TextEncoder();

  function concat(...parts) {
    let n = 0;
    for (const p of parts) n += p.length;
    const out = new Uint8Array(n);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  }

  function fromHex(hex) {
    if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new Error("not hex: " + hex);
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) {
      out[i] = parseInt(hex.substr(i * 2, 2), 16);
    }
    return out;
  }

  function toHex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function fromBase64(text) {
    const bin = atob(text);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function equal(a, b) {
    if (a.length !== b.length) return false;
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
    return diff === 0;
  }

  const leafHash = (entry) => sha256(concat(Uint8Array.of(0), entry));
  const nodeHash = (l, r) => sha256(concat(Uint8Array.of(1), l, r));

  // RFC 9162 2.1.3.2: the root an inclusion proof leads to, or null when
  // the proof cannot be one for (index, size).
  async function rootFromInclusion(index, size, leaf, path) {
    if (index < 0 || index >= size) return null;
    let fn = BigInt(index);
    let sn = BigInt(size - 1);
    let r = leaf;
    for (const p of path) {
      if (sn === 0n) return null;
      if ((fn & 1n) === 1n || fn === sn) {
        r = await nodeHash(p, r);
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      } else {
        r = await nodeHash(r, p);
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    return sn === 0n ? r : null;
  }

  async function verifyInclusion(index, size, leaf, path, root) {
    const got = await rootFromInclusion(index, size, leaf, path);
    return got !== null && equal(got, root);
  }

  // RFC 9162 2.1.4.2.
  async function verifyConsistency(first, second, firstRoot, secondRoot, path) {
    if (first < 1 || first > second) return false;
    if (first === second) return path.length === 0 && equal(firstRoot, secondRoot);
    let proof = path.slice();
    const f = BigInt(first);
    if ((f & (f - 1n)) === 0n) proof = [firstRoot, ...proof];
    if (proof.length === 0) return false;
    let fn = BigInt(first - 1);
    let sn = BigInt(second - 1);
    while ((fn & 1n) === 1n) {
      fn >>= 1n;
      sn >>= 1n;
    }
    let fr = proof[0];
    let sr = proof[0];
    for (const c of proof.slice(1)) {
      if (sn === 0n) return false;
      if ((fn & 1n) === 1n || fn === sn) {
        fr = await nodeHash(c, fr);
        sr = await nodeHash(c, sr);
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      } else {
        sr = await nodeHash(sr, c);
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    return sn === 0n && equal(fr, firstRoot) && equal(sr, secondRoot);
  }

  // A C2SP signed note: its text (what is signed) and its signature lines.
  function parseNote(note) {
    const split = note.indexOf("\n\n");
    if (split < 0) throw new Error("not a signed note (no blank line)");
    const text = note.slice(0, split + 1);
    const signatures = [];
    for (const line of note.slice(split + 2).split("\n")) {
      if (line === "") continue;
      const m = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!m) throw new Error("not a signature line: " + line);
      signatures.push({ name: m[1], bytes: fromBase64(m[2]) });
    }
    const body = text.split("\n");
    if (body.length < 4) throw new Error("not a checkpoint body");
    return {
      text,
      signatures,
      origin: body[0],
      size: Number(body[1]),
      root: fromBase64(body[2]),
    };
  }

  // "<name>+<hex key id>+<base64(0x01 || Ed25519 public key)>".
  async function parseVerifier(vkey) {
    // The key's base64 may itself hold '+': split at the first two only.
    const m = /^([^+\s]+)\+([0-9a-fA-F]{8})\+(\S+)$/.exec(vkey.trim());
    if (!m) throw new Error("not a verifier key: " + vkey);
    const [, name, idHex, keyB64] = m;
    const key = fromBase64(keyB64);
    if (key.length !== 33 || key[0] !== 1) {
      throw new Error("not an Ed25519 verifier key");
    }
    const id = (await sha256(concat(enc.encode(name + "\n"), key))).slice(0, 4);
    if (toHex(id) !== idHex.toLowerCase()) {
      throw new Error("the verifier key's id does not match its key");
    }
    return { name, id, publicKey: key.slice(1) };
  }

  // True when `note` carries a valid signature by `vkey`.
  async function verifyNote(note, vkey) {
    const parsed = parseNote(note);
    const v = await parseVerifier(vkey);
    // The key must be the log's: its name is the checkpoint's origin.
    if (v.name !== parsed.origin) return false;
    const key = await crypto.subtle.importKey(
        "raw", v.publicKey, { name: "Ed25519" }, false, ["verify"]);
    for (const s of parsed.signatures) {
      if (s.name !== v.name || s.bytes.length !== 68) continue;
      if (!equal(s.bytes.slice(0, 4), v.id)) continue;
      const ok = await crypto.subtle.verify(
          "Ed25519", key, s.bytes.slice(4), enc.encode(parsed.text));
      if (ok) return true;
    }
    return false;
  }

  return {
    leafHash, verifyInclusion, verifyConsistency, parseNote, verifyNote,
    fromHex, toHex, fromBase64,
  };
})();
