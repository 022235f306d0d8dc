"""RFC 6962 leaf hash and tree root, for the tests that forge a log the way
an attacker with write access to the store would (tests/cli/audit.sh)."""
import hashlib


def leaf_hash(entry):
    return hashlib.sha256(b"\0" + entry).digest()


def root(hashes):
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return hashlib.sha256(b"\1" + root(hashes[:k]) + root(hashes[k:])).digest()
