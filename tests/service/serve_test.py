"""taxgate serve, end to end on loopback (tests/cli/serve.sh runs it).

A synthetic population is loaded into two stores. The agencies' signed
requests go to `taxgate serve` over mutual TLS on one, and as a file to
`taxgate process` on the other, with the same model and policy: the answers
must agree, field for field. Around that, the attacks of issue 12: no
client certificate, another CA, an expired and a not-yet-valid one, a
request altered after signing, an unsigned one, a replay with other bytes,
a signer of another agency, someone else's answers, a flood over the rate
limit; each refused, and each refusal at the door is in the audit log.
Receipts are checked with ../shared/tools/rfc6962.py (not the server's
word), the server against docs/openapi.json, and the log with `taxgate
audit verify` after a SIGTERM.

Usage: python3 serve_test.py TAXGATE SHARED SOURCE_DIR TMP"""
import base64
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import Checks, Client, requests_from_csv  # noqa: E402

TG, SHARED, SRC, TMP = sys.argv[1:5]
sys.path.insert(0, os.path.join(SHARED, "tools"))
import rfc6962  # noqa: E402

CHECKS = Checks(TG)
check, run = CHECKS.check, CHECKS.run


def count_refusals(db):
    import sqlite3
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    n = con.execute(
        "SELECT count(*) FROM audit_leaves WHERE CAST(entry AS TEXT) LIKE '%api_refused%'"
    ).fetchone()[0]
    con.close()
    return n


# ---- data, stores, certificates, policy ----------------------------------
D = f"{TMP}/data"
run("synth", "--people", "400", "--requests", "60", "--seed", "5", "--out", D)
officials = {r["official_id"]: r for r in csv.DictReader(open(f"{D}/officials.csv"))}
reqs = requests_from_csv(f"{D}/requests.csv")
agency_of = lambda r: officials.get(r["signed_by"], {}).get("agency", "?")  # noqa: E731
by_agency = {}
for r in reqs:
    by_agency.setdefault(agency_of(r), []).append(r)
main_agency = max(by_agency, key=lambda a: len(by_agency[a]))
other_agency = next(a for a in by_agency if a != main_agency)

os.makedirs(f"{TMP}/etc")
shutil.copy(f"{SRC}/config/statutes.csv", f"{TMP}/etc/statutes.csv")
policy = open(f"{SRC}/config/policy.toml").read()
policy = re.sub(r"release_window_hours = \d+", "release_window_hours = 0", policy)
policy = re.sub(r"^\[service\.agencies\]$", f"[service.agencies]\n{other_agency} = 3", policy,
                count=1, flags=re.M)
open(f"{TMP}/etc/policy.toml", "w").write(policy)
POLICY = f"{TMP}/etc/policy.toml"
MODEL = f"{TMP}/model.json"
run("train", "--records", f"{D}/records.csv", "--requests", f"{D}/requests.csv", "--out", MODEL)
run("match", "--records", f"{D}/records.csv", "--requests", f"{D}/requests.csv", "--model", MODEL,
    "--out", f"{TMP}/linkage.csv")
POSSIBLE = {r["request_id"] for r in csv.DictReader(open(f"{TMP}/linkage.csv"))
            if r["decision"] == "possible"}



def signed(request, name):
    """`request` signed again by its official (synth's keys), as the API takes it."""
    with open(f"{TMP}/{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(request.keys()))
        w.writeheader()
        w.writerow(request)
    run("sign", "--requests", f"{TMP}/{name}.csv", "--out", f"{TMP}/{name}_signed.csv",
        "--seed", "taxgate-synth-5")
    return requests_from_csv(f"{TMP}/{name}_signed.csv")[0]


API_DB, CLI_DB = f"{TMP}/api.db", f"{TMP}/cli.db"
for db in (API_DB, CLI_DB):
    run("load", "--records", f"{D}/records.csv", "--db", db)
    run("officials", "import", f"{D}/officials.csv", "--db", db)

C = f"{TMP}/certs"
run("keys", "--tls", C, "--agency", main_agency, "--agency", other_agency, "--agency", "NOBODY")
run("keys", "--tls", C, "--agency", main_agency, "--valid-from-days", "-30", "--valid-days", "10",
    "--cert-name", "expired")
run("keys", "--tls", C, "--agency", main_agency, "--valid-from-days", "10", "--cert-name", "future")
run("keys", "--tls", f"{TMP}/rogue", "--agency", main_agency)
check(oct(os.stat(f"{C}/ca.key").st_mode & 0o777) == "0o600", "the test CA's key is 0600")

# ---- an outside witness ----------------------------------------------------
witness = subprocess.Popen(
    [TG, "witness", "serve", "--state", f"{TMP}/w1", "--listen", "127.0.0.1:0",
     "--name", "test.witness/w1", "--log", f"{API_DB}.keys/checkpoint-verifiers.txt"],
    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
wurl = None
for line in witness.stdout:
    m = re.search(r"listening on (http://[0-9.:]+)", line)
    if m:
        wurl = m.group(1)
        break
if wurl is None:
    raise SystemExit("the witness did not start")
import threading  # noqa: E402
threading.Thread(target=lambda: [None for _ in witness.stdout], daemon=True).start()
wkey = run("witness", "key", "--state", f"{TMP}/w1").stdout.strip()
WITNESSES = f"{TMP}/witnesses.txt"
open(WITNESSES, "w").write(f"w1 {wurl} {wkey}\n")

# ---- the server ----------------------------------------------------------
server = subprocess.Popen(
    [TG, "serve", "--db", API_DB, "--listen", "127.0.0.1:0", "--cert", f"{C}/server.pem",
     "--key", f"{C}/server.key", "--client-ca", f"{C}/ca.pem", "--policy", POLICY,
     "--model", MODEL, "--threads", "1", "--witnesses", WITNESSES,
     "--metrics-listen", "127.0.0.1:0"],
    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = server.stdout.readline()
m = re.search(r"https://127\.0\.0\.1:(\d+)", line)
if not m:
    server.kill()
    raise SystemExit("serve did not start: " + line + server.stderr.read())
PORT = int(m.group(1))
m = re.search(r"metrics on http://127\.0\.0\.1:(\d+)", server.stdout.readline())
METRICS = int(m.group(1)) if m else None


def metrics_text():
    import urllib.request
    with urllib.request.urlopen(f"http://127.0.0.1:{METRICS}/metrics", timeout=30) as r:
        return r.status, r.read().decode()


print("serving on", PORT)
agency = Client(PORT, C, main_agency)
other = Client(PORT, C, other_agency)

try:
    # ---- who is asking ---------------------------------------------------
    status, body = Client(PORT, C, None).get("/healthz")
    check(status == 200 and body == {"status": "ok"}, "/healthz answers without a certificate")
    refused_before = count_refusals(API_DB)
    cases = [
        ("no client certificate", Client(PORT, C, None), "no client certificate"),
        ("a certificate of another CA", Client(PORT, f"{TMP}/rogue", main_agency, ca=f"{C}/ca.pem"),
         "client certificate refused"),
        ("an expired certificate", Client(PORT, C, "expired"), "expired"),
        ("a certificate not valid yet", Client(PORT, C, "future"), "not yet valid"),
        ("the CA's own certificate", Client(PORT, C, "ca"), "it is a CA certificate"),
    ]
    for what, client, words in cases:
        status, body = client.post("/v1/requests", by_agency[main_agency][0])
        check(status == 401 and words in body["error"]["message"],
              f"{what}: 401 naming why", f"{status} {body}")
    check(count_refusals(API_DB) == refused_before + len(cases),
          "each refusal at the door is an api_refused audit entry",
          f"{count_refusals(API_DB) - refused_before} entries for {len(cases)} refusals")
    status, _ = Client(PORT, C, None).get("/v1/audit/checkpoint")
    check(status == 401, "the audit routes need a certificate too")
    # A flood from one peer: every call refused, one entry a minute for it
    # (two when the minute turned), not one per call.
    before_flood = count_refusals(API_DB)
    flood = [Client(PORT, C, "expired").post("/v1/requests", by_agency[main_agency][0])[0]
             for _ in range(20)]
    check(flood == [401] * 20 and count_refusals(API_DB) - before_flood <= 1,
          "20 refused calls from one peer add at most one audit entry",
          (flood, count_refusals(API_DB) - before_flood))

    # ---- malformed bodies ------------------------------------------------
    for what, raw, words in [
        ("not JSON", "{", "not JSON"),
        ("an unknown member", json.dumps({**by_agency[main_agency][0], "ssn_full": "1"}),
         "requests[0].ssn_full: unknown member"),
        ("a number where a string is wanted", json.dumps({**by_agency[main_agency][0], "dob": 19800101}),
         "requests[0].dob: want a string"),
        ("an empty batch", json.dumps({"requests": []}), "empty"),
    ]:
        status, body = agency.post("/v1/requests", raw)
        check(status == 400 and words in body["error"]["message"], f"{what}: 400 naming it",
              f"{status} {body}")

    # ---- a signer of another agency, answers of another agency -------------
    refused_before = count_refusals(API_DB)
    status, body = other.post("/v1/requests", by_agency[main_agency][1])
    check(status == 403 and "belongs to agency" in body["error"]["message"],
          "a request signed by another agency's official: 403", f"{status} {body}")
    check(count_refusals(API_DB) == refused_before + 1, "and audited")

    # ---- the batch: decided as `process` decides it -----------------------
    # Without the requests a matching review would hold (a batch waits for
    # its reviews: that path is tested by review.sh and process's tests).
    mine = [r for r in by_agency[main_agency] if r["request_id"] not in POSSIBLE]
    tree_before = agency.get("/v1/audit/checkpoint")[1]["tree_size"]
    status, sub = agency.post("/v1/requests", {"requests": mine})
    check(status == 200 and len(sub["answers"]) == len(mine), "a batch is taken", f"{status} {sub}")
    answers = {a["request_id"]: a for a in sub["answers"]}
    check(all(a["answer"] in ("rejected", "pending") for a in answers.values()),
          "at the POST every answer is rejected or pending (nothing disclosed before its window)")
    status, again = agency.post("/v1/requests", {"requests": mine})
    check(status == 200 and again["batch_id"] == sub["batch_id"] and again["answers"] == sub["answers"],
          "the same POST again is the same batch with the same answers")
    check(agency.get("/v1/audit/checkpoint")[1]["tree_size"] == again["receipt"]["tree_size"],
          "and decides nothing twice (the log did not grow)")
    status, b = agency.get(f"/v1/requests/{other_agency}/{mine[0]['request_id']}")
    check(status == 403, "another agency's answers: 403", f"{status} {b}")
    status, b = agency.get(f"/v1/requests/{main_agency}/NO-SUCH-REQUEST")
    check(status == 404, "an unknown request id: 404")

    released = {}
    for r in mine:
        status, a = agency.get(f"/v1/requests/{main_agency}/{r['request_id']}")
        check(status == 200, f"GET {r['request_id']}", f"{status} {a}")
        released[r["request_id"]] = a
    check(all(a["answer"] != "pending" or a["reasons"] for a in released.values()),
          "once the window has closed every eligible request is answered")

    # The same requests as a file through `taxgate process`.
    with open(f"{TMP}/mine.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(mine[0].keys()))
        w.writeheader()
        w.writerows(mine)
    run("process", "--requests", f"{TMP}/mine.csv", "--db", CLI_DB, "--out", f"{TMP}/out",
        "--policy", POLICY, "--model", MODEL)
    cli = {r["request_id"]: r for r in csv.DictReader(open(f"{TMP}/out/response.csv"))}
    cli_fields = {}
    for line in open(f"{TMP}/out/disclosures.jsonl"):
        j = json.loads(line)
        cli_fields[j["request_id"]] = j["fields"]
    agree = [rid for rid in cli if cli[rid]["answer"] == released[rid]["answer"]
             and cli[rid]["reasons"] == ";".join(released[rid]["reasons"])]
    check(len(agree) == len(cli) == len(mine), "serve and process give the same answers and codes",
          [(rid, cli[rid]["answer"], released[rid]["answer"]) for rid in cli if rid not in agree])
    disclosed = [rid for rid, a in released.items() if a["answer"] == "disclosed"]
    check(len(disclosed) > 0, "some requests are disclosed", len(disclosed))
    check(all(released[rid]["fields"] == cli_fields[rid] for rid in disclosed),
          "with the same fields, sources and tax years")
    check(all(set(v) == {"value", "source", "tax_year"}
              for rid in disclosed for v in released[rid]["fields"].values()),
          "each released field names its source and tax year")

    # ---- receipts, checked independently ----------------------------------
    rid = disclosed[0]
    a = released[rid]
    cp = a["receipt"]
    size = cp["tree_size"]
    root = base64.b64decode(cp["checkpoint"].split("\n")[2])
    check(root.hex() == cp["root_hash_hex"], "the receipt's checkpoint commits to its root")
    for leaf in ("decision_leaf", "disclosure_leaf", "response_leaf"):
        status, proof = agency.get(f"/v1/audit/proof/{a[leaf]}?size={size}")
        shown = json.loads(run("audit", "show", str(a[leaf]), "--json", "--db", API_DB).stdout)
        entry = base64.b64decode(shown["leaf_base64"])
        ok = status == 200 and rfc6962.verify_inclusion(
            entry, a[leaf], size, [bytes.fromhex(h) for h in proof["path_hex"]], root)
        check(ok, f"the {leaf} of a disclosure is in the signed tree (rfc6962.py)")
        if leaf == "disclosure_leaf":
            e = json.loads(entry)
            check(e.get("request_id") == rid, "and that leaf is the request's disclosure", e.get("type"))
    status, cons = agency.get(f"/v1/audit/consistency?from={tree_before}&to={size}")
    ok = status == 200 and rfc6962.verify_consistency(
        tree_before, size, [bytes.fromhex(h) for h in cons["path_hex"]],
        bytes.fromhex(cons["from_root_hex"]), root)
    check(ok, "the log after the batch extends the log before it (rfc6962.py)")
    status, b = agency.get(f"/v1/audit/proof/{size + 5}?size={size}")
    check(status == 400, "a proof of a leaf past the tree: 400")

    # ---- signatures and replays ---------------------------------------------
    fresh = [r for r in by_agency[main_agency]][:1][0]
    tampered = dict(fresh, request_id=fresh["request_id"] + "-T", reason=fresh["reason"] + " urgently")
    status, b = agency.post("/v1/requests", tampered)
    check(status == 200 and "SIGNATURE_INVALID" in b["answers"][0]["reasons"],
          "a request altered after signing: rejected SIGNATURE_INVALID", b)
    unsigned = dict(fresh, request_id=fresh["request_id"] + "-U", signature="")
    status, b = agency.post("/v1/requests", unsigned)
    check(status == 200 and "SIGNATURE_INVALID" in b["answers"][0]["reasons"],
          "an unsigned request: rejected SIGNATURE_INVALID", b)
    # A replay: the same agency and request id, other bytes, properly signed.
    replay = signed(dict(mine[1], reason=mine[1]["reason"] + " (resent)"), "replay")
    status, b = agency.post("/v1/requests", replay)
    check(status == 200 and b["answers"][0]["answer"] == "rejected"
          and "DUPLICATE_REQUEST" in b["answers"][0]["reasons"],
          "a replay with other bytes: rejected DUPLICATE_REQUEST", b)
    status, b = agency.get(f"/v1/requests/{main_agency}/{mine[1]['request_id']}")
    check(status == 200 and b == released[mine[1]["request_id"]] | {"receipt": b["receipt"]},
          "and the first answer stays the answer to that id")

    # ---- a load while serving -----------------------------------------------
    # The person of a disclosed request moves: the store is refreshed with a
    # new street for their rows while the server runs. A new request for
    # them (another matter) is answered from the rows as they are now: the
    # server maps the index the load wrote, and neither refuses the changed
    # rows nor releases the old street.
    cli_record = {r["request_id"]: r["record_id"]
                  for r in csv.DictReader(open(f"{TMP}/out/decisions.csv"))}
    mover = mine[[r["request_id"] for r in mine].index(disclosed[0])]
    rows = list(csv.DictReader(open(f"{D}/records.csv", newline="", encoding="utf-8")))
    tin = next(r["tin"] for r in rows if r["record_id"] == cli_record[mover["request_id"]])
    moved = 0
    for r in rows:
        if r["tin"] == tin:
            r["street"], moved = "1 NEWHOME ST", moved + 1
    with open(f"{TMP}/moved.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    out = run("load", "--records", f"{TMP}/moved.csv", "--db", API_DB).stdout
    check(f"{moved} changed" in out, "the store is refreshed while serving", out)
    again = signed(dict(mover, request_id=mover["request_id"] + "-MOVED",
                        case_number=re.sub(r"\d+$", "9999999", mover["case_number"])),
                   "again")
    status, b = agency.post("/v1/requests", again)
    check(status == 200 and b["answers"][0]["answer"] == "pending"
          and not b["answers"][0]["reasons"],
          "a request after the load is taken", f"{status} {b}")
    status, b = agency.get(f"/v1/requests/{main_agency}/{again['request_id']}")
    check(status == 200 and b["answer"] == "disclosed"
          and "1 NEWHOME ST" in json.dumps(b["fields"]).upper(),
          "and answered from the rows as they are now (the new street)", f"{status} {b}")

    # ---- rate limit ----------------------------------------------------------
    theirs = by_agency[other_agency]
    refused_before = count_refusals(API_DB)
    # Its bucket holds 3 a minute, and its refused call above took one: a
    # refused call counts too (else refusals would be a free flood).
    statuses = [other.post("/v1/requests", r)[0] for r in (theirs * 3)[:5]]
    check(statuses == [200, 200, 429, 429, 429],
          f"{other_agency} at 3 a minute: the 4th call of the minute is refused 429", statuses)
    # (Two entries when a minute turned between the refusals.)
    check(1 <= count_refusals(API_DB) - refused_before <= 2,
          "the first refusal of the minute is audited (not each of the three)")

    # ---- metrics and the OpenAPI document --------------------------------
    check(METRICS is not None, "the operator's metrics listener is printed")
    status, text = metrics_text()
    for name in ("taxgate_answers_total", "taxgate_request_duration_seconds_bucket",
                 "taxgate_match_probability_bucket", "taxgate_review_queue",
                 "taxgate_refusals_total"):
        check(status == 200 and name in text, f"/metrics has {name}")
    check('reason="rate_limit"' in text and 'code="SIGNATURE_INVALID"' in text,
          "/metrics counts refusals and answers by code")
    status, _ = agency.get("/metrics")
    check(status == 404, "no /metrics on the agencies' port (the match histogram and the "
          "review queue move as requests are decided)")

    spec = json.load(open(f"{SRC}/docs/openapi.json"))
    schemas = spec["components"]["schemas"]

    def conforms(value, schema, where):
        if "$ref" in schema:
            return conforms(value, schemas[schema["$ref"].split("/")[-1]], where)
        for sub in schema.get("allOf", []):
            if not conforms(value, sub, where):
                return False
        t = schema.get("type")
        types = {"object": dict, "array": list, "string": str, "integer": int}
        if t and not isinstance(value, types[t]):
            print(f"  {where}: want {t}, got {type(value).__name__}", file=sys.stderr)
            return False
        if t == "object":
            for k in schema.get("required", []):
                if k not in value:
                    print(f"  {where}: missing {k}", file=sys.stderr)
                    return False
            for k, v in value.items():
                if k in schema.get("properties", {}) and not conforms(
                        v, schema["properties"][k], f"{where}.{k}"):
                    return False
        if t == "array":
            return all(conforms(v, schema.get("items", {}), f"{where}[]") for v in value)
        if "enum" in schema and value not in schema["enum"]:
            return False
        return True

    def documented(path, method, status, body):
        op = spec["paths"][path][method]
        resp = op["responses"].get(str(status))
        if resp is None:
            return False
        if "$ref" in resp:
            resp = spec["components"]["responses"][resp["$ref"].split("/")[-1]]
        content = resp["content"]
        if "application/json" in content:
            return conforms(body, content["application/json"]["schema"], f"{method} {path} {status}")
        return isinstance(body, str)

    probes = [
        ("/v1/requests", "post", agency.post("/v1/requests", mine[2])),
        ("/v1/requests", "post", agency.post("/v1/requests", "[1]")),
        ("/v1/requests", "post", Client(PORT, C, None).post("/v1/requests", mine[2])),
        ("/v1/requests/{agency}/{request_id}", "get",
         agency.get(f"/v1/requests/{main_agency}/{disclosed[0]}")),
        ("/v1/requests/{agency}/{request_id}", "get", agency.get(f"/v1/requests/{main_agency}/none")),
        ("/v1/audit/checkpoint", "get", agency.get("/v1/audit/checkpoint")),
        ("/v1/audit/proof/{leaf}", "get", agency.get("/v1/audit/proof/0")),
        ("/v1/audit/proof/{leaf}", "get", agency.get("/v1/audit/proof/0?size=x")),
        ("/v1/audit/consistency", "get", agency.get("/v1/audit/consistency?from=1")),
        ("/v1/audit/consistency", "get", agency.get("/v1/audit/consistency")),
        ("/healthz", "get", Client(PORT, C, None).get("/healthz")),
    ]
    for path, method, (status, body) in probes:
        check(documented(path, method, status, body),
              f"{method.upper()} {path} -> {status} is as docs/openapi.json says", body)
    served = {(p, m) for p, m, _ in probes}
    check(served == {(p, m) for p, ops in spec["paths"].items() for m in ops},
          "every route of docs/openapi.json is probed")
    status, _ = agency.get("/v1/nothing")
    check(status == 404, "an unknown route: 404")

    # ---- the witness cosigns what the server signs --------------------------
    import time
    for _ in range(100):
        v = run("audit", "verify", "--db", API_DB, "--witnesses", WITNESSES, "--min", "1",
                ok=False)
        if v.returncode == 0:
            break
        time.sleep(0.2)
    check(v.returncode == 0, "the server sends its checkpoints to the witness: verify "
          "--witnesses --min 1 passes", v.stdout + v.stderr)

finally:
    server.send_signal(signal.SIGTERM)
    try:
        out, err = server.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        out, err = server.communicate()
check(server.returncode == 0 and "stopped" in out, "SIGTERM stops the server cleanly", err)
v = run("audit", "verify", "--db", API_DB, "--witnesses", WITNESSES, "--min", "1", ok=False)
check(v.returncode == 0, "after the stop the witness has cosigned the final checkpoint",
      v.stdout + v.stderr)
witness.terminate()
witness.wait(timeout=30)
v = run("audit", "verify", "--db", API_DB, ok=False)
check(v.returncode == 0, "audit verify: the log the server wrote is whole", v.stdout + v.stderr)

CHECKS.finish()
