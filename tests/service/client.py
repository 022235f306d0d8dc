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
