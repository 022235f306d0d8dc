# taxgate serve on loopback: mutual TLS, signed requests, receipts, refusals,
# rate limits, metrics and the OpenAPI document (tests/service/serve_test.py).
source "$(dirname "$0")/lib.sh" "$@"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
pycrypto_python "$SRC/tests/service/serve_test.py" "$TG" "$SHARED" "$SRC" "$TMP"
