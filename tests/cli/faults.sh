# Fault injection (issue 11, item 7; docs/fault_injection.md): the Nth write
# or sync of a command fails (tests/fault/fault_shim.c, preloaded), for N
# swept over a whole `taxgate process` run and a whole `taxgate load` (into
# a new store, and a refresh of a loaded one). A faulted run either fails
# with exit 1 and a message naming what failed, or succeeds because the
# fault hit something it could do without (and then its results are
# complete); never a signal, a sanitizer report or an exit code above 1.
# Then a plain re-run of the same command succeeds and, for every N:
# `audit verify` passes; every request is decided exactly once and as an
# uninterrupted run decides it; each request's audit entries are there
# exactly once; no disclosure twice; a load leaves the store as it was or
# fully loaded, never in between. Last, `process` runs on a small tmpfs
# that fills up mid-run, then re-runs once it is enlarged (skipped where a
# tmpfs cannot be mounted).
#
# The sweep alternates a single EIO with a lasting ENOSPC (every later
# write fails too) and, for runs of many calls, takes every call near the
# start and the end and ~30 spread evenly between:
#   TAXGATE_FAULTS_EXHAUSTIVE=1  every N, each with both kinds of fault
#   TAXGATE_FAULTS_SAMPLES=K     K evenly spread N instead of 30
#   TAXGATE_FAULTS_ONLY=process|load  one sweep, no tmpfs run
# The library's path comes in TAXGATE_FAULT_SHIM (tests/CMakeLists.txt).
source "$(dirname "$0")/lib.sh" "$@"
if [ -z "${TAXGATE_FAULT_SHIM:-}" ] || [ ! -f "$TAXGATE_FAULT_SHIM" ]; then
  fail "TAXGATE_FAULT_SHIM does not name the fault library (build taxgate_fault_shim)"
  finish
fi
expect_exit 0 "synth" -- "$TG" synth --people 200 --requests 120 --seed 23 --out "$TMP/in"
# One model for every run, so that runs start quickly and decide alike.
expect_exit 0 "train" -- "$TG" train --records "$TMP/in/records.csv" \
  --requests "$TMP/in/requests.csv" --out "$TMP/model.json"
expect_exit 0 "load (the store every process run starts from)" -- \
  "$TG" load --records "$TMP/in/records.csv" --db "$TMP/base.db"

python3 - "$TG" "$TMP" <<'PY' && pass "process and load under injected write and sync faults" || fail "fault injection"
import csv, json, os, re, shutil, sqlite3, subprocess, sys, time
tg, t = sys.argv[1], sys.argv[2]
shim = os.environ["TAXGATE_FAULT_SHIM"]
exhaustive = os.environ.get("TAXGATE_FAULTS_EXHAUSTIVE") == "1"
samples = int(os.environ.get("TAXGATE_FAULTS_SAMPLES", "30"))
problems = []

survived = {}  # the calls whose failure a command survived: {(op, file): runs}

def survive(hit):
    _, _, op, path = hit.split(" ", 3)
    name = re.sub(r"\.\d+", "", path.replace(t + "/", "").replace(t, "(the test's folder)"))
    survived[(op, name)] = survived.get((op, name), 0) + 1

def problem(text):
    problems.append(text)
    print("PROBLEM: " + text, file=sys.stderr)

def run(cmd, fault=None, count_file=None):
    """Runs taxgate; with `fault` = (N, errno name, sticky) under the shim."""
    env = dict(os.environ)
    if fault is not None or count_file is not None:
        env["LD_PRELOAD"] = shim
        # An ASan build wants its runtime first in the library list; the
        # shim has no sanitizer and only wraps libc calls.
        env["ASAN_OPTIONS"] = ":".join(
            x for x in (env.get("ASAN_OPTIONS", ""), "verify_asan_link_order=0") if x)
        env["TAXGATE_FAULT_COUNT_FILE"] = count_file or f"{t}/count.txt"
        if fault is not None:
            n, err, sticky = fault
            env["TAXGATE_FAULT_AT"] = str(n)
            env["TAXGATE_FAULT_ERRNO"] = err
            env["TAXGATE_FAULT_STICKY"] = "1" if sticky else "0"
    return subprocess.run(cmd, capture_output=True, text=True, env=env)

def counted(count_file):
    """(calls counted, 'failed N OP PATH' or None) from the shim's file."""
    lines = open(count_file).read().splitlines()
    return int(lines[0]), (lines[1] if len(lines) > 1 else None)

def sample(total):
    if exhaustive or total <= samples + 10:
        return list(range(1, total + 1))
    picks = set(range(1, 6)) | set(range(total - 4, total + 1))
    picks |= {1 + round(i * (total - 1) / (samples - 1)) for i in range(samples)}
    return sorted(picks)

def modes(i):
    both = [("EIO", False), ("ENOSPC", True)]
    return both if exhaustive else [both[i % 2]]

def q(db, sql, *args):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()

def copy_store(src, dst):
    for suffix in ("", "-wal"):
        if os.path.exists(src + suffix):
            shutil.copy2(src + suffix, dst + suffix)
    shutil.copytree(src + ".keys", dst + ".keys")

def clean(db, *dirs):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    for d in (db + ".keys",) + dirs:
        shutil.rmtree(d, ignore_errors=True)

def check_failure(what, r, hit, names):
    """A faulted run: exit 0 or 1, never a crash; on 1, a message that names
    the file that failed (the store, its key folder or an output: one of
    `names`) and why."""
    bad = [w for w in ("Sanitizer", "runtime error:", "internal error") if w in r.stderr]
    if r.returncode not in (0, 1) or bad:
        problem(f"{what}: exit {r.returncode} ({hit}): {r.stderr.strip()[-800:]}")
        return False
    if r.returncode == 1:
        msg = r.stderr.strip()
        if (not msg.startswith("taxgate: ") or not any(n in msg for n in names)
                or not any(w in msg for w in ("I/O error", "Input/output error", "disk is full",
                                              "No space left", "failed"))):
            problem(f"{what}: exit 1 without a message naming what failed ({hit}): {msg!r}")
        return True
    return True

def verify(what, db):
    v = subprocess.run([tg, "audit", "verify", "--db", db, "--json"], capture_output=True, text=True)
    try:
        ok = v.returncode == 0 and json.loads(v.stdout)["ok"]
    except ValueError:
        ok = False
    if not ok:
        problem(f"{what}: audit verify failed: {v.stdout.strip()} {v.stderr.strip()}")
    return ok

# --- process ----------------------------------------------------------------
def process_cmd(db, out):
    return [tg, "process", "--requests", f"{t}/in/requests.csv", "--officials",
            f"{t}/in/officials.csv", "--db", db, "--out", out, "--as-of", "2026-11-23",
            "--chunk-size", "10", "--model", f"{t}/model.json", "--json"]

def entries(db, batch_id):
    """{(position, type): count} of the batch's entries, and the count of
    its receive_batch entries."""
    per, receive = {}, 0
    for (entry,) in q(db, "SELECT entry FROM audit_leaves"):
        e = json.loads(bytes(entry))
        if e.get("batch") == batch_id and "position" in e:
            key = (e["position"], e["type"])
            per[key] = per.get(key, 0) + 1
        elif e.get("type") == "operator" and e.get("action") == "receive_batch" and e.get("batch") == batch_id:
            receive += 1
    return per, receive

def answers(out):
    return [(r["request_id"], r["answer"], r["reasons"]) for r in csv.DictReader(open(f"{out}/response.csv"))]

def disclosures(out):
    return [(json.loads(l)["request_id"], json.loads(l)["case_number"]) for l in open(f"{out}/disclosures.jsonl")]

copy_store(f"{t}/base.db", f"{t}/ref.db")
t0 = time.monotonic()
r = run(process_cmd(f"{t}/ref.db", f"{t}/ref"))
assert r.returncode == 0, r.stderr
one_run = time.monotonic() - t0
batch_id = json.loads(r.stdout)["batch_id"]
ref_decisions = open(f"{t}/ref/decisions.csv").read()
ref_answers, ref_disclosed = answers(f"{t}/ref"), disclosures(f"{t}/ref")
ref_entries, _ = entries(f"{t}/ref.db", batch_id)
size = q(f"{t}/ref.db", "SELECT COUNT(*) FROM decisions WHERE batch_id = ?", batch_id)[0][0]
n_disclosed = q(f"{t}/ref.db", "SELECT COUNT(*) FROM decisions WHERE batch_id = ? AND decision = 'disclosed'", batch_id)[0][0]
print(f"process: {size} requests, {n_disclosed} disclosed, {len(ref_answers)} answers "
      f"({sum(1 for a in ref_answers if a[1] == 'pending')} pending), {one_run:.1f} s a run")

def check_process(what, db, out):
    """The store and outputs after a batch's runs: as the reference."""
    ok = verify(what, db)
    n, distinct = q(db, "SELECT COUNT(*), COUNT(DISTINCT position) FROM decisions WHERE batch_id = ?", batch_id)[0]
    if not (n == distinct == size):
        problem(f"{what}: {n} decisions for {distinct} positions, want {size}"); ok = False
    if open(f"{out}/decisions.csv").read() != ref_decisions:
        problem(f"{what}: decisions.csv differs from the uninterrupted run's"); ok = False
    if answers(out) != ref_answers:
        problem(f"{what}: response.csv answers differ from the uninterrupted run's"); ok = False
    lines = disclosures(out)
    if len(lines) != len(set(lines)) or sorted(lines) != sorted(ref_disclosed):
        problem(f"{what}: disclosures.jsonl: {len(lines)} lines, {len(set(lines))} distinct, want {len(ref_disclosed)}"); ok = False
    per, receive = entries(db, batch_id)
    if receive != 1:
        problem(f"{what}: {receive} receive_batch entries"); ok = False
    if per != ref_entries:
        diff = {k: (per.get(k, 0), ref_entries.get(k, 0)) for k in set(per) | set(ref_entries) if per.get(k, 0) != ref_entries.get(k, 0)}
        problem(f"{what}: audit entries per request differ from the uninterrupted run's (got, want): {sorted(diff.items())[:8]}"); ok = False
    return ok

def sweep_process():
    copy_store(f"{t}/base.db", f"{t}/count.db")
    r = run(process_cmd(f"{t}/count.db", f"{t}/count"), count_file=f"{t}/process.count")
    assert r.returncode == 0, r.stderr
    total, _ = counted(f"{t}/process.count")
    check_process("process under the shim, no fault", f"{t}/count.db", f"{t}/count")
    clean(f"{t}/count.db", f"{t}/count")
    ns = sample(total)
    runs = failed = harmless = 0
    t0 = time.monotonic()
    for i, n in enumerate(ns):
        for err, sticky in modes(i):
            what = f"process, {err}{' from' if sticky else ' at'} call {n} of {total}"
            db, out = f"{t}/p.db", f"{t}/p"
            copy_store(f"{t}/base.db", db)
            r = run(process_cmd(db, out), fault=(n, err, sticky), count_file=f"{t}/p.count")
            hit = counted(f"{t}/p.count")[1] if os.path.exists(f"{t}/p.count") else "no count file"
            runs += 1
            if check_failure(what, r, hit, (db, out)):
                if r.returncode == 1:
                    failed += 1
                elif hit is not None:
                    harmless += 1
                    survive(hit)
                    # A success after a failed call: its results must be
                    # whole, before any re-run.
                    check_process(what + " (reported success: " + hit + ")", db, out)
                again = run(process_cmd(db, out))
                if again.returncode != 0:
                    problem(f"{what} ({hit}): the plain re-run exits {again.returncode}: {again.stderr.strip()[-600:]}")
                else:
                    check_process(what + f" ({hit}), then re-run", db, out)
            clean(db, out)
            if os.path.exists(f"{t}/p.count"):
                os.remove(f"{t}/p.count")
    print(f"process: {total} write/sync calls; {len(ns)} N swept in {runs} faulted runs "
          f"({failed} failed with a message, {harmless} succeeded past a harmless fault), "
          f"{time.monotonic() - t0:.0f} s")

# --- load -------------------------------------------------------------------
# A refresh: the same file with a few addresses changed and a few rows gone
# (under the 5% a refresh may remove without --allow-removal).
rows = list(csv.DictReader(open(f"{t}/in/records.csv", encoding="utf-8")))
fields = list(rows[0].keys())
changed = [dict(r) for r in rows[: len(rows) - max(1, len(rows) // 50)]]
for r in changed[::7]:
    r["street"] = "1 Fault Rd"
with open(f"{t}/records2.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=fields); w.writeheader(); w.writerows(changed)

def load_cmd(db, records):
    return [tg, "load", "--records", records, "--db", db]

def contents(db):
    return q(db, "SELECT record_id, street FROM records ORDER BY record_id, tax_year, source")

def digest_of(records):
    clean(f"{t}/digest.db")
    r = run(load_cmd(f"{t}/digest.db", records))
    assert r.returncode == 0, r.stderr
    out = contents(f"{t}/digest.db")
    clean(f"{t}/digest.db")
    return out

want_first, want_refresh = digest_of(f"{t}/in/records.csv"), digest_of(f"{t}/records2.csv")

def check_load(what, db, before, after, required):
    """The store after a load: verified, and holding `before` or `after`
    (only `after` when `required`)."""
    # A new store whose first load failed before it made the schema is an
    # empty file: no store yet, as if it were not there (read commands say
    # so; the re-run makes it).
    empty = os.path.exists(db) and not q(db, "SELECT name FROM sqlite_master")
    if not os.path.exists(db) or empty:
        if required or before is not None:
            problem(f"{what}: the store is gone")
        return
    verify(what, db)
    got = contents(db)
    if got != after and (required or got != (before or [])):
        problem(f"{what}: the store holds {len(got)} records, neither the {0 if before is None else len(before)} before nor the {len(after)} after")

def sweep_load(name, start, records, before, after):
    db = f"{t}/l.db"
    clean(db)
    if start:
        copy_store(start, db)
    r = run(load_cmd(db, records), count_file=f"{t}/load.count")
    assert r.returncode == 0, r.stderr
    total, _ = counted(f"{t}/load.count")
    ns = sample(total)
    runs = failed = 0
    t0 = time.monotonic()
    for i, n in enumerate(ns):
        for err, sticky in modes(i):
            what = f"load ({name}), {err}{' from' if sticky else ' at'} call {n} of {total}"
            clean(db)
            if start:
                copy_store(start, db)
            r = run(load_cmd(db, records), fault=(n, err, sticky), count_file=f"{t}/l.count")
            hit = counted(f"{t}/l.count")[1] if os.path.exists(f"{t}/l.count") else "no count file"
            runs += 1
            if check_failure(what, r, hit, (db,)):
                failed += r.returncode == 1
                if r.returncode == 0 and hit is not None:
                    survive(hit)
                check_load(what + f" ({hit})", db, before, after, required=r.returncode == 0)
                again = run(load_cmd(db, records))
                if again.returncode != 0:
                    problem(f"{what} ({hit}): the plain re-run exits {again.returncode}: {again.stderr.strip()[-600:]}")
                else:
                    check_load(what + f" ({hit}), then re-run", db, before, after, required=True)
            if os.path.exists(f"{t}/l.count"):
                os.remove(f"{t}/l.count")
    clean(db)
    print(f"load ({name}): {total} write/sync calls; {len(ns)} N swept in {runs} faulted runs "
          f"({failed} failed with a message), {time.monotonic() - t0:.0f} s")

only = os.environ.get("TAXGATE_FAULTS_ONLY", "")
if only in ("", "process"):
    sweep_process()
if only in ("", "load"):
    sweep_load("a new store", None, f"{t}/in/records.csv", None, want_first)
    sweep_load("a refresh", f"{t}/base.db", f"{t}/records2.csv", want_first, want_refresh)
print("survived (exit 0, results complete): " +
      ", ".join(f"{op} {name} x{n}" for (op, name), n in sorted(survived.items())))
if problems:
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    sys.exit(1)
PY

# --- a nearly full filesystem -------------------------------------------------
# The store on a tmpfs too small for the batch: process fails when it fills
# up; once the tmpfs is enlarged, the same command finishes the batch.
if [ -n "${TAXGATE_FAULTS_ONLY:-}" ]; then finish; exit 0; fi
MNT=$TMP/small
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=4m tmpfs "$MNT" 2>/dev/null; then
  echo "skipped: cannot mount a tmpfs here"
  finish
  exit 0
fi
trap 'umount "$MNT" 2>/dev/null || true; rm -rf "$TMP"' EXIT
umount "$MNT"
python3 - "$TG" "$TMP" "$MNT" <<'PY' && pass "process on a filesystem that fills up, then re-run once it has room" || fail "full filesystem"
import csv, json, os, shutil, sqlite3, subprocess, sys
tg, t, mnt = sys.argv[1], sys.argv[2], sys.argv[3]
def cmd(db, out):
    return [tg, "process", "--requests", f"{t}/in/requests.csv", "--officials",
            f"{t}/in/officials.csv", "--db", db, "--out", out, "--as-of", "2026-11-23",
            "--chunk-size", "10", "--model", f"{t}/model.json", "--json"]
def du(paths):
    return sum(os.path.getsize(p) for p in paths if os.path.isfile(p))
ref = f"{t}/full-ref.db"
shutil.copy2(f"{t}/base.db", ref); shutil.copytree(f"{t}/base.db.keys", ref + ".keys")
# The store and its key folder (which holds the match index `load` wrote).
keys = [os.path.join(ref + ".keys", f) for f in os.listdir(ref + ".keys")]
start = du([ref] + keys)
r = subprocess.run(cmd(ref, f"{t}/full-ref"), capture_output=True, text=True)
assert r.returncode == 0, r.stderr
batch_id = json.loads(r.stdout)["batch_id"]
# What process adds at most: the WAL grows up to a checkpoint.
grown = max(du([ref, ref + "-wal"]) - start, 256 * 1024)
print(f"store {start} bytes; process adds up to about {grown}")
filled = None
for share in (0.5, 0.25, 0.75, 0.1, 0.9):
    size_k = (start + 64 * 1024 + int(grown * share)) // 1024 + 1
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_k}k", "tmpfs", mnt], check=True)
    db = f"{mnt}/store.db"
    shutil.copy2(f"{t}/base.db", db); shutil.copytree(f"{t}/base.db.keys", db + ".keys")
    r = subprocess.run(cmd(db, f"{mnt}/out"), capture_output=True, text=True)
    decided = sqlite3.connect(db).execute(
        "SELECT COUNT(*) FROM decisions WHERE batch_id = ?", (batch_id,)).fetchone()[0] if r.returncode else None
    print(f"tmpfs of {size_k} KiB: exit {r.returncode}, {decided} decided when it stopped: {r.stderr.strip()[-300:]}")
    if r.returncode != 0:
        assert r.returncode == 1, r.stderr
        assert r.stderr.startswith("taxgate: ") and mnt in r.stderr, r.stderr
        assert "Sanitizer" not in r.stderr and "runtime error:" not in r.stderr, r.stderr
        filled = size_k
        break
    subprocess.run(["umount", mnt], check=True)
assert filled is not None, "no tmpfs size made process run out of room"
subprocess.run(["mount", "-o", "remount,size=64m", mnt], check=True)
r = subprocess.run(cmd(db, f"{mnt}/out"), capture_output=True, text=True)
assert r.returncode == 0, r.stderr
v = subprocess.run([tg, "audit", "verify", "--db", db, "--json"], capture_output=True, text=True)
assert v.returncode == 0 and json.loads(v.stdout)["ok"], v.stdout + v.stderr
assert open(f"{mnt}/out/decisions.csv").read() == open(f"{t}/full-ref/decisions.csv").read()
answers = lambda d: [(r["request_id"], r["answer"], r["reasons"]) for r in csv.DictReader(open(f"{d}/response.csv"))]
assert answers(f"{mnt}/out") == answers(f"{t}/full-ref")
con = sqlite3.connect(db)
n, distinct = con.execute("SELECT COUNT(*), COUNT(DISTINCT position) FROM decisions WHERE batch_id = ?", (batch_id,)).fetchone()
want = sqlite3.connect(ref).execute("SELECT COUNT(*) FROM decisions WHERE batch_id = ?", (batch_id,)).fetchone()[0]
assert n == distinct == want, (n, distinct, want)
lines = [l for l in open(f"{mnt}/out/disclosures.jsonl")]
assert len(lines) == len(set(lines)), "a disclosure twice"
con.close()
subprocess.run(["umount", mnt], check=True)
print(f"filled a {filled} KiB tmpfs mid-run; enlarged, the re-run finished the batch")
PY
finish
