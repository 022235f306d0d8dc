#!/usr/bin/env python3
"""Runs one scripted golden test of the statute rules through the real binary.

usage: run_golden.py TAXGATE SHARED_DIR FILE.test

A .test file (STYLE.md #13, after DuckDB's sqllogictest):

    # name: tests/policy/address.test
    # description: what the file shows
    # group: [address]
    # as-of: 2026-03-01            (optional; the default is 2026-03-01)

    requests                       a block: a CSV header, then rows
    request_id,street,city,state,zip
    ADDR-1,Failed to Provide,,,20001

    requests x101                  a repeated block: its rows are written
    request_id,case_number,reason  101 times; {i} is 1..101, {a} is i in
    BULK-{i},CR-{i},site {w}       letters, {w} three words of four letters
                                   that differ from row to row (LAW.md's
                                   reason normalization removes digits, and
                                   reasons a few letters apart are
                                   near-copies: {w} keeps them apart)
    ----
    request_id,decision,codes      the expected policy-check decisions,
    ADDR-1,rejected,ADDRESS_NOT_REAL   codes ';'-separated
                                   (a blank line ends a block)
    x101                           a repeated block of expected rows
    BULK-{i},rejected,ENGAGEMENT_IMPLAUSIBLE

Request columns a block leaves out come from defaults.csv (a lawful request;
its {row} becomes three words that differ from row to row, so default
reasons are not near-copies);
an `officials` block replaces officials.csv. Every request is signed by its
signer with the independent signer ../shared/tools/sign_requests.py (test
keys derived from the seed "taxgate-golden"), and every official gets its
public key, unless a block says otherwise in a `signature` column:

    {unsigned}      no signature
    {by:ID}         signed by official ID's key instead of the signer's
    {altered}       signed, then the reason changed (an altered request)
    anything else   written as it is (a garbled signature)

and, in an officials block, a `public_key` column ("{none}": no key).
`taxgate policy check` runs on the requests with no store, and the shared
checker compare_decisions.py compares its output with the expected rows
(decision and set of codes, by request id and occurrence); the runner also
checks that no request is left out. Exit 0 when everything agrees.
"""
import base64
import csv
import importlib.util
import io
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "taxgate-golden"


def signer_module(shared):
    """The shared signer (needs the cryptography package: Debian's
    python3-cryptography, which /usr/bin/python3 has when another python3
    comes first on the PATH)."""
    try:
        import cryptography  # noqa: F401
    except ImportError:
        if sys.executable != "/usr/bin/python3" and os.path.exists(
                "/usr/bin/python3"):
            os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
        raise
    path = os.path.join(shared, "tools", "sign_requests.py")
    spec = importlib.util.spec_from_file_location("sign_requests", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def sign_rows(sr, requests):
    """Signs every request as the module docstring says."""
    for r in requests:
        marker = r.get("signature", "")
        if marker == "{unsigned}":
            r["signature"] = ""
            continue
        if marker and not marker.startswith("{"):
            continue  # a literal signature, kept as written
        by = r.get("signed_by") or ""
        if marker.startswith("{by:"):
            by = marker[4:-1]
        key = sr.private_key(SEED, by)
        r["signature"] = ""
        r["signature"] = base64.b64encode(key.sign(sr.signed_bytes(r))).decode()
        if marker == "{altered}":
            r["reason"] = r.get("reason", "") + " (altered after signing)"


def key_officials(sr, officials):
    for o in officials:
        if o.get("public_key") == "{none}":
            o["public_key"] = ""
        elif not o.get("public_key"):
            o["public_key"] = sr.public_b64(sr.private_key(SEED, o["official_id"]))


def word(n, slot):
    """Four letters that differ from one n to the next (and from slot to
    slot): reasons built from them are not near-copies of each other."""
    h = ((n + 1) * 2654435761 * (slot + 7)) % (1 << 64)
    w = ""
    for _ in range(4):
        w += chr(ord("a") + h % 26)
        h //= 26
    return w


def words(n):
    return " ".join(word(n, slot) for slot in (1, 2, 3))


def letters(n):
    s = ""
    while True:
        s += chr(ord("a") + n % 26)
        n //= 26
        if n == 0:
            return s


def expand(rows, times):
    if times is None:
        return rows
    out = []
    for i in range(1, times + 1):
        for r in rows:
            out.append({k: v.replace("{i}", str(i)).replace("{a}", letters(i))
                        .replace("{w}", words(i)) for k, v in r.items()})
    return out


def parse(path):
    """Returns (headers, blocks, expected) where blocks is a list of
    (kind, rows) and expected a list of rows."""
    text = open(path, encoding="utf-8").read()
    if "\n----\n" not in text:
        sys.exit(f"{path}: no '----' line before the expected decisions")
    inputs, expected_text = text.split("\n----\n", 1)
    headers = {}
    blocks = []
    current = None  # [kind, times, lines]
    for number, line in enumerate(inputs.splitlines(), 1):
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            headers[key.strip()] = value.strip()
            continue
        if not line.strip():
            current = None
            continue
        if current is None:
            words = line.split()
            if words[0] not in ("requests", "officials") or len(words) > 2:
                sys.exit(f"{path}:{number}: want 'requests', 'requests xN' or "
                         f"'officials', got {line!r}")
            times = None
            if len(words) == 2:
                if not words[1].startswith("x") or not words[1][1:].isdigit():
                    sys.exit(f"{path}:{number}: bad repeat {words[1]!r}")
                times = int(words[1][1:])
            current = [words[0], times, []]
            blocks.append(current)
            continue
        current[2].append(line)
    parsed = []
    for kind, times, lines in blocks:
        rows = list(csv.DictReader(io.StringIO("\n".join(lines) + "\n")))
        parsed.append((kind, expand(rows, times)))
    expected = []
    times, lines = None, []

    def flush():
        if lines:
            rows = list(csv.DictReader(io.StringIO(
                "request_id,decision,codes\n" + "\n".join(lines) + "\n")))
            expected.extend(expand(rows, times))

    for line in expected_text.splitlines():
        if line.startswith("request_id,decision"):
            continue
        if not line.strip():  # a blank line ends a block
            flush()
            times, lines = None, []
            continue
        if line.startswith("x") and line[1:].strip().isdigit():
            flush()
            times, lines = int(line[1:]), []
            continue
        lines.append(line)
    flush()
    return headers, parsed, expected


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, extrasaction="raise")
        w.writeheader()
        w.writerows(rows)


def main(taxgate, shared, test):
    sr = signer_module(shared)
    headers, blocks, expected = parse(test)
    for key in ("name", "description", "group"):
        if key not in headers:
            sys.exit(f"{test}: header '# {key}:' missing")
    default = next(csv.DictReader(open(os.path.join(HERE, "defaults.csv"),
                                       encoding="utf-8")))
    request_header = list(default.keys()) + ["signature"]
    requests, officials = [], None
    for kind, rows in blocks:
        if kind == "officials":
            officials = rows
            continue
        for r in rows:
            unknown = set(r) - set(request_header)
            if unknown:
                sys.exit(f"{test}: unknown request column(s) {sorted(unknown)}")
            row = {k: v.replace("{row}", words(len(requests)))
                   for k, v in default.items()}
            requests.append({"signature": "", **row, **r})
    if not requests:
        sys.exit(f"{test}: no requests")
    sign_rows(sr, requests)
    if officials is None:
        officials = list(csv.DictReader(open(os.path.join(HERE, "officials.csv"),
                                             encoding="utf-8")))
    key_officials(sr, officials)
    with tempfile.TemporaryDirectory() as tmp:
        req = os.path.join(tmp, "requests.csv")
        write_csv(req, request_header, requests)
        off = os.path.join(tmp, "officials.csv")
        off_header = list(officials[0].keys())
        if "public_key" not in off_header:
            off_header.append("public_key")
        write_csv(off, off_header, officials)
        exp = os.path.join(tmp, "expected.csv")
        write_csv(exp, ["request_id", "decision", "codes"], expected)
        out = os.path.join(tmp, "decisions.csv")
        cmd = [taxgate, "policy", "check", "--requests", req, "--officials",
               off, "--db", os.path.join(tmp, "no-store.db"), "--out", out,
               "--as-of", headers.get("as-of", "2026-03-01")]
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout, run.stderr, sep="\n")
            sys.exit(f"{test}: taxgate policy check exited {run.returncode}")
        got = list(csv.DictReader(open(out, encoding="utf-8")))
        if len(got) != len(expected):
            sys.exit(f"{test}: {len(got)} decisions, {len(expected)} expected")
        if os.path.exists(os.path.join(tmp, "no-store.db")):
            sys.exit(f"{test}: the dry run created a store")
        check = subprocess.run(
            [sys.executable, os.path.join(shared, "tools",
                                          "compare_decisions.py"), exp, out],
            capture_output=True, text=True)
        print(f"{headers['name']}: {check.stdout.strip()}")
        if check.returncode != 0:
            sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:4])
