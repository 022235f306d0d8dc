# Crash safety (issue 5): `process` is killed with SIGKILL at random moments
# of its runs (at least 200 kills of a live process across 8 batches, one
# request per transaction so that kills land between many commits; most are
# aimed a few commits past the start-up, the rest anywhere), then the same
# command is re-run until the batch is done; then `release`, past the review
# deadline (open matching reviews answered no_record, every held answer
# released), is killed a few times too and re-run. Shown for every batch:
# every request decided exactly once and as an uninterrupted run decides it,
# no disclosure twice, each request's audit entries present exactly once,
# one receive_batch entry, and `audit verify` (leaves and signed
# checkpoints) passing. Set TAXGATE_CRASH_KILLS to change the kills per batch.
source "$(dirname "$0")/lib.sh" "$@"
expect_exit 0 "synth" -- "$TG" synth --people 300 --requests 240 --seed 17 --out "$TMP/in"
# One model for both stores, so that runs start quickly and decide alike.
expect_exit 0 "train" -- "$TG" train --records "$TMP/in/records.csv" \
  --requests "$TMP/in/requests.csv" --out "$TMP/model.json"
expect_exit 0 "load (crash store)" -- "$TG" load --records "$TMP/in/records.csv" --db "$TMP/crash.db"
expect_exit 0 "load (reference store)" -- "$TG" load --records "$TMP/in/records.csv" --db "$TMP/ref.db"
python3 - "$TG" "$TMP" "${TAXGATE_CRASH_KILLS:-25}" <<'PY' && pass "kills and re-runs lose nothing, repeat nothing, and decide as an uninterrupted run" || fail "crash safety"
import csv, datetime, json, os, random, signal, sqlite3, subprocess, sys, time
tg, t, kills_per_batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
def release(db, batch, out):
    return [tg, "release", "--requests", batch, "--db", db, "--out", out, "--json"]

def age(db, days):
    """Moves every batch's receipt `days` back (the review deadline counts
    from it; release reads today's date only)."""
    con = sqlite3.connect(db)
    for bid, at in con.execute("SELECT batch_id, received_at FROM batches").fetchall():
        d = datetime.date.fromisoformat(at[:10]) - datetime.timedelta(days=days)
        con.execute("UPDATE batches SET received_at = ? WHERE batch_id = ?", (d.isoformat() + at[10:], bid))
    con.commit()
    con.close()
rng = random.Random(20261201)
rows = list(csv.DictReader(open(f"{t}/in/requests.csv", encoding="utf-8")))
size = 30
batches = []
for b in range(len(rows) // size):
    path = f"{t}/batch{b}.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys())); w.writeheader(); w.writerows(rows[b*size:(b+1)*size])
    batches.append(path)

def cmd(db, batch, out):
    return [tg, "process", "--requests", batch, "--officials", f"{t}/in/officials.csv", "--db", db,
            "--out", out, "--as-of", "2026-11-23", "--chunk-size", "1", "--model",
            f"{t}/model.json", "--json"]

def q(db, sql, *args):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()

total_kills, mid_batch = 0, 0
for b, batch in enumerate(batches):
    # The reference: the same batch, uninterrupted, on its own store.
    # ...timed: how long until its first decision is committed, and per
    # commit after it. Commits are watched on the WAL file (never through
    # SQLite, whose readers would contend with the writer): the first change
    # is the officials import, the second the first decision.
    wal = f"{t}/ref.db-wal"
    def stamp():
        try:
            st = os.stat(wal)
            return (st.st_size, st.st_mtime_ns)
        except FileNotFoundError:
            return None
    t0 = time.monotonic()
    ref = subprocess.Popen(cmd(f"{t}/ref.db", batch, f"{t}/ref{b}"),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    startup, seen, changes = None, stamp(), 0
    while ref.poll() is None and startup is None:
        now = stamp()
        if now != seen:
            seen, changes = now, changes + 1
            if changes == 2:
                startup = time.monotonic() - t0
        time.sleep(0.0005)
    out, err = ref.communicate()
    assert ref.returncode == 0, err
    full = time.monotonic() - t0
    startup = startup if startup is not None else full / 2
    per_commit = max(full - startup, 1e-3) / size
    batch_id = json.loads(out)["batch_id"]
    kills = 0
    while kills < kills_per_batch:
        before = q(f"{t}/crash.db", "SELECT COUNT(*) FROM decisions WHERE batch_id = ?", batch_id)[0][0]
        left = (size - before) * per_commit
        u = rng.random()
        if u < 0.7:    # a few commits in: between commit k and k+1
            delay = startup + rng.uniform(0, 3 * per_commit)
        elif u < 0.85:  # during start-up (reading, officials import)
            delay = rng.uniform(0, startup)
        else:           # anywhere in what is left
            delay = rng.uniform(0, startup + left)
        p = subprocess.Popen(cmd(f"{t}/crash.db", batch, f"{t}/crash{b}"),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        _, err = p.communicate()
        if p.returncode == -signal.SIGKILL:
            kills += 1
            after = q(f"{t}/crash.db", "SELECT COUNT(*) FROM decisions WHERE batch_id = ?", batch_id)[0][0]
            if 0 < after < size or before < after:
                mid_batch += 1
        else:
            assert p.returncode == 0, err.decode()
    total_kills += kills
    done = subprocess.run(cmd(f"{t}/crash.db", batch, f"{t}/crash{b}"), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # The release after the review deadline, killed a few times, then run.
    for db in (f"{t}/crash.db", f"{t}/ref.db"):
        age(db, 8)
    for _ in range(3):
        p = subprocess.Popen(release(f"{t}/crash.db", batch, f"{t}/crash{b}"),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0, 0.05))
        p.send_signal(signal.SIGKILL)
        _, err = p.communicate()
        assert p.returncode in (0, -signal.SIGKILL), err.decode()
    for db, out in ((f"{t}/crash.db", f"{t}/crash{b}"), (f"{t}/ref.db", f"{t}/ref{b}")):
        r = subprocess.run(release(db, batch, out), capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["open_matching_reviews"] == 0, r.stdout
    # Decided exactly once, as the uninterrupted run decided.
    assert open(f"{t}/crash{b}/decisions.csv").read() == open(f"{t}/ref{b}/decisions.csv").read(), b
    answers = lambda d: [(r["request_id"], r["answer"], r["reasons"]) for r in csv.DictReader(open(f"{d}/response.csv"))]
    assert answers(f"{t}/crash{b}") == answers(f"{t}/ref{b}"), b
    n, distinct = q(f"{t}/crash.db", "SELECT COUNT(*), COUNT(DISTINCT position) FROM decisions WHERE batch_id = ?", batch_id)[0]
    assert n == distinct == size, (n, distinct)
    # Every request's audit entries exactly once; no disclosure twice.
    per = {}
    for (entry,) in q(f"{t}/crash.db", "SELECT entry FROM audit_leaves"):
        e = json.loads(bytes(entry))
        if e.get("batch") == batch_id and "position" in e:
            key = (e["position"], e["type"])
            per[key] = per.get(key, 0) + 1
        elif e.get("type") == "operator" and e.get("action") == "receive_batch" and e.get("batch") == batch_id:
            per[("batch", "receive")] = per.get(("batch", "receive"), 0) + 1
    assert per.pop(("batch", "receive")) == 1
    # A matching review closed by the deadline has a review entry and a
    # second decision entry; every other entry is there exactly once.
    for pos in range(size):
        for ty in ("request", "policy_decision", "response"):
            assert per.pop((pos, ty), 0) == 1, (b, pos, ty)
        assert per.pop((pos, "decision"), 0) in (1, 2), (b, pos)
        assert per.pop((pos, "review"), 0) in (0, 1), (b, pos)
    assert all(c == 1 for c in per.values()), per
    assert all(ty in ("match", "disclosure") for (pos, ty) in per), per
    disclosed = q(f"{t}/crash.db", "SELECT COUNT(*) FROM decisions WHERE batch_id = ? AND decision = 'disclosed'", batch_id)[0][0]
    assert sum(1 for (pos, ty) in per if ty == "disclosure") == disclosed
    # (Two agencies may use one request id: a request is its agency and id.)
    lines = [(json.loads(l)["request_id"], json.loads(l)["case_number"])
             for l in open(f"{t}/crash{b}/disclosures.jsonl")]
    assert len(lines) == len(set(lines)) == disclosed, (b, len(lines), len(set(lines)), disclosed)
    v = subprocess.run([tg, "audit", "verify", "--db", f"{t}/crash.db", "--json"], capture_output=True, text=True)
    assert v.returncode == 0 and json.loads(v.stdout)["ok"], v.stdout
print(f"{total_kills} kills of a live process ({mid_batch} with the batch part-decided), all recovered")
assert total_kills >= 8 * kills_per_batch
PY
cat "$TMP/last.out" 2>/dev/null | tail -1 || true
finish
