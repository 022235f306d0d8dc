"""Two `taxgate serve` processes on one PostgreSQL store, under load at once
(tests/cli/serve_postgres.sh runs it).

Every request is sent to both servers at the same moment (the same bytes:
one batch, whichever server gets there first), and other requests to one
or the other, from many threads. Then: every request decided once, never
twice; every answer released once, every disclosure written once; both
servers give the same answers; one log that `taxgate audit verify` checks
whole, with entries from both servers interleaved in it.

Usage: python3 two_servers_test.py TAXGATE SHARED SOURCE_DIR TMP DB_URL
(TAXGATE_KEYS_DIR set: both servers share the store's keys)."""
import collections
import concurrent.futures
import csv
import os
import re
import shutil
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import Checks, Client, requests_from_csv  # noqa: E402

TG, SHARED, SRC, TMP, URL = sys.argv[1:6]
CHECKS = Checks(TG)
check, run = CHECKS.check, CHECKS.run


def psql(query):
    psql_bin = shutil.which("psql") or next(
        (f"{d}/psql" for d in sorted(os.listdir("/usr/lib/postgresql"))
         for d in [f"/usr/lib/postgresql/{d}/bin"] if os.path.exists(f"{d}/psql")), "psql")
    out = subprocess.run([psql_bin, URL, "-XqAt", "-v", "ON_ERROR_STOP=1", "-c", query],
                         capture_output=True, text=True, check=True).stdout
    return [line.split("|") for line in out.splitlines() if line]


D = f"{TMP}/data"
run("synth", "--people", "600", "--requests", "160", "--seed", "11", "--out", D)
officials = {r["official_id"]: r for r in csv.DictReader(open(f"{D}/officials.csv"))}
reqs = requests_from_csv(f"{D}/requests.csv")
agency_of = lambda r: officials.get(r["signed_by"], {}).get("agency", "?")  # noqa: E731
# Requests a caller of the signer's agency may send (the service refuses,
# at the door, requests naming another agency's officials).
reqs = [r for r in reqs
        if officials.get(r["official_id"], {}).get("agency", agency_of(r)) == agency_of(r)]
agencies = sorted({agency_of(r) for r in reqs} - {"?"})
reqs = [r for r in reqs if agency_of(r) in agencies]
# synth repeats a few request ids on purpose (DUPLICATE_REQUEST): here each
# id is one request, so "decided twice" means what it says.
reqs = list({r["request_id"]: r for r in reversed(reqs)}.values())[::-1]

os.makedirs(f"{TMP}/etc")
shutil.copy(f"{SRC}/config/statutes.csv", f"{TMP}/etc/statutes.csv")
policy = open(f"{SRC}/config/policy.toml").read()
policy = re.sub(r"release_window_hours = \d+", "release_window_hours = 0", policy)
open(f"{TMP}/etc/policy.toml", "w").write(policy)
MODEL = f"{TMP}/model.json"
run("train", "--records", f"{D}/records.csv", "--requests", f"{D}/requests.csv", "--out", MODEL)
run("load", "--records", f"{D}/records.csv", "--db", URL)
run("officials", "import", f"{D}/officials.csv", "--db", URL)
C = f"{TMP}/certs"
run("keys", "--tls", C, *[x for a in agencies for x in ("--agency", a)])


def start():
    p = subprocess.Popen(
        [TG, "serve", "--db", URL, "--listen", "127.0.0.1:0", "--cert", f"{C}/server.pem",
         "--key", f"{C}/server.key", "--client-ca", f"{C}/ca.pem", "--policy",
         f"{TMP}/etc/policy.toml", "--model", MODEL, "--threads", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    m = re.search(r"https://127\.0\.0\.1:(\d+)", line)
    if not m:
        p.kill()
        raise SystemExit("serve did not start: " + line + p.stderr.read())
    return p, int(m.group(1))


answered = -1
servers = [start(), start()]
ports = [port for _, port in servers]
try:
    # Half the requests go to both servers at once, the rest to one each.
    jobs = []
    for i, r in enumerate(reqs):
        targets = [0, 1] if i % 2 == 0 else [i % 4 // 2]
        for t in targets:
            jobs.append((t, r))

    def send(job):
        t, r = job
        return t, r["request_id"], Client(ports[t], C, agency_of(r)).post("/v1/requests", r)

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(send, jobs))
    bad = [(t, rid, s) for t, rid, (s, _) in results if s != 200]
    check(not bad, f"{len(jobs)} POSTs to two servers at once, all answered 200", bad[:5])
    by_id = collections.defaultdict(list)
    for t, rid, (s, body) in results:
        if s == 200:
            by_id[rid].append(body)
    twice = [rid for rid, bodies in by_id.items() if len(bodies) == 2]
    def alike(a, b):
        # One decision; its answer as of each call (a release may come
        # between the two: pending, then the released answer).
        return a["decision_leaf"] == b["decision_leaf"] and (
            a == b or "pending" in (a["answer"], b["answer"]))

    same = [rid for rid in twice
            if by_id[rid][0]["batch_id"] == by_id[rid][1]["batch_id"]
            and all(alike(a, b) for a, b in zip(by_id[rid][0]["answers"],
                                                 by_id[rid][1]["answers"]))]
    check(len(twice) > 0 and same == twice,
          f"a request sent to both servers is one batch with one answer ({len(twice)} such)",
          sorted(set(twice) - set(same))[:5])

    rows = psql("SELECT agency, request_id, count(*) FROM decisions GROUP BY 1, 2 HAVING count(*) > 1")
    check(rows == [], "no request decided twice", rows[:5])
    n = psql("SELECT count(*) FROM decisions")[0][0]
    check(int(n) == len(reqs), f"every request decided once ({n} of {len(reqs)})")

    # Released by both servers at once.
    def get(job):
        t, r = job
        return Client(ports[t], C, agency_of(r)).get(
            f"/v1/requests/{agency_of(r)}/{r['request_id']}")

    gets = [(t, r) for r in reqs for t in (0, 1)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(get, gets))
    check(all(s == 200 for s, _ in answers), "every answer read from both servers",
          [a for a in answers if a[0] != 200][:3])
    pairs = [(answers[2 * i][1], answers[2 * i + 1][1]) for i in range(len(reqs))]
    differ = [a["request_id"] for a, b in pairs
              if (a.get("answer"), a.get("fields")) != (b.get("answer"), b.get("fields"))]
    check(not differ, "both servers give the same answer to each request", differ[:5])
    answered = sum(1 for a, _ in pairs if "response_leaf" in a)
    disclosed = sum(1 for a, _ in pairs if a.get("answer") == "disclosed")
    check(disclosed > 0, f"some disclosed ({disclosed})")
finally:
    for p, _ in servers:
        p.send_signal(signal.SIGTERM)
    for p, _ in servers:
        try:
            p.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()

v = run("audit", "verify", "--db", URL, ok=False)
check(v.returncode == 0, "audit verify: one whole log", v.stdout + v.stderr)
shows = collections.Counter()
entries = psql("SELECT translate(encode(entry, 'base64'), E'\\n', '') FROM audit_leaves "
               "ORDER BY leaf_index")
import base64  # noqa: E402
import json  # noqa: E402
for (b64,) in entries:
    e = json.loads(base64.b64decode(b64))
    if e.get("type") in ("response", "disclosure"):
        shows[(e["type"], e.get("batch"), e.get("request_id"))] += 1
check(shows and max(shows.values()) == 1, "every response and disclosure is in the log once",
      [k for k, v in shows.items() if v > 1][:5])
responses = sum(1 for k in shows if k[0] == "response")
check(responses == answered, f"one response per answered request ({responses}; the others "
      "wait for a matching review)", answered)

CHECKS.finish()
