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
    BULK-{i},CR-{i},site {a}       letters (LAW.md's reason normalization
                                   removes digits, letters survive it)
    ----
    request_id,decision,codes      the expected policy-check decisions,
    ADDR-1,rejected,ADDRESS_NOT_REAL   codes ';'-separated
                                   (a blank line ends a block)
    x101                           a repeated block of expected rows
    BULK-{i},rejected,ENGAGEMENT_IMPLAUSIBLE

Request columns a block leaves out come from defaults.csv (a lawful request;
its {row} becomes the row number in letters, so default reasons differ);
an `officials` block replaces officials.csv. `taxgate policy check` runs on
the requests with no store, and the shared checker compare_decisions.py
compares its output with the expected rows (decision and set of codes, by
request id and occurrence); the runner also checks that no request is left
out. Exit 0 when everything agrees.
"""
import csv
import io
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


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
                        for k, v in r.items()})
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
    headers, blocks, expected = parse(test)
    for key in ("name", "description", "group"):
        if key not in headers:
            sys.exit(f"{test}: header '# {key}:' missing")
    default = next(csv.DictReader(open(os.path.join(HERE, "defaults.csv"),
                                       encoding="utf-8")))
    request_header = list(default.keys())
    requests, officials = [], None
    for kind, rows in blocks:
        if kind == "officials":
            officials = rows
            continue
        for r in rows:
            unknown = set(r) - set(request_header)
            if unknown:
                sys.exit(f"{test}: unknown request column(s) {sorted(unknown)}")
            row = {k: v.replace("{row}", letters(len(requests)))
                   for k, v in default.items()}
            requests.append({**row, **r})
    if not requests:
        sys.exit(f"{test}: no requests")
    with tempfile.TemporaryDirectory() as tmp:
        req = os.path.join(tmp, "requests.csv")
        write_csv(req, request_header, requests)
        off = os.path.join(HERE, "officials.csv")
        if officials is not None:
            off = os.path.join(tmp, "officials.csv")
            write_csv(off, list(officials[0].keys()), officials)
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
