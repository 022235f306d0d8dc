"""A small HTTPS client for taxgate serve's tests (stdlib only): mutual TLS
with an agency's certificate, JSON in and out.

Usage as a library: Client(port, certs_dir, agency).post(path, obj) ->
(status, json); .get(path) -> (status, json or text). Usage from a shell:
python3 client.py PORT CERTS AGENCY METHOD PATH [JSON_FILE] prints
"STATUS BODY"."""
import csv
import http.client
import json
import ssl
import subprocess
import sys


class Client:
    def __init__(self, port, certs, agency=None, ca=None, host="127.0.0.1"):
        ctx = ssl.create_default_context(cafile=f"{certs}/ca.pem" if ca is None else ca)
        ctx.check_hostname = False
        if agency:
            ctx.load_cert_chain(f"{certs}/{agency}.pem", f"{certs}/{agency}.key")
        self.ctx = ctx
        self.host = host
        self.port = port

    def call(self, method, path, body=None):
        conn = http.client.HTTPSConnection(self.host, self.port, context=self.ctx, timeout=60)
        data = None if body is None else (body if isinstance(body, (bytes, str)) else json.dumps(body))
        headers = {"Content-Type": "application/json"} if data is not None else {}
        conn.request(method, path, body=data, headers=headers)
        r = conn.getresponse()
        text = r.read().decode()
        conn.close()
        try:
            return r.status, json.loads(text)
        except ValueError:
            return r.status, text

    def post(self, path, body):
        return self.call("POST", path, body)

    def get(self, path):
        return self.call("GET", path)


class Checks:
    """The tests' bookkeeping: check() prints ok/FAIL lines and counts the
    failures; run() runs the taxgate binary; finish() exits 1 after any."""

    def __init__(self, taxgate):
        self.taxgate = taxgate
        self.fails = []

    def check(self, ok, what, detail=""):
        if ok:
            print("ok:", what)
        else:
            print("FAIL:", what, detail, file=sys.stderr)
            self.fails.append(what)

    def run(self, *args, ok=True):
        p = subprocess.run([self.taxgate, *args], capture_output=True, text=True)
        if ok and p.returncode != 0:
            print(p.stdout, p.stderr, file=sys.stderr)
            raise SystemExit(f"taxgate {' '.join(args)}: exit {p.returncode}")
        return p

    def finish(self):
        if self.fails:
            print(f"{len(self.fails)} check(s) failed", file=sys.stderr)
            sys.exit(1)
        print("all checks passed")


def requests_from_csv(path):
    """The rows of a requests.csv as API request objects (values exactly as
    in the file, so their signatures verify)."""
    with open(path, newline="", encoding="utf-8") as f:
        return [dict(r) for r in csv.DictReader(f)]


if __name__ == "__main__":
    port, certs, agency, method, path = sys.argv[1:6]
    body = open(sys.argv[6]).read() if len(sys.argv) > 6 else None
    status, out = Client(int(port), certs, agency or None).call(method, path, body)
    print(status, json.dumps(out) if not isinstance(out, str) else out)
