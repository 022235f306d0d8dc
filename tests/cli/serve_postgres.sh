# Two `taxgate serve` processes on one PostgreSQL store under load at once
# (tests/service/two_servers_test.py): nothing decided, answered or
# disclosed twice, one log that verifies. Needs TAXGATE_TEST_POSTGRES_URL
# (scripts/pg-server); skipped (exit 77) without it, saying why.
source "$(dirname "$0")/lib.sh" "$@"
if [ -z "${TAXGATE_TEST_POSTGRES_URL:-}" ]; then
  echo "SKIPPED: TAXGATE_TEST_POSTGRES_URL is not set (scripts/pg-server start, then eval \"\$(scripts/pg-server env DIR)\")"
  exit 77
fi
if ! command -v psql >/dev/null; then
  for d in /usr/lib/postgresql/*/bin; do PATH=$PATH:$d; done
fi
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BASE=$TAXGATE_TEST_POSTGRES_URL
NAME="taxgate_serve_$$_${RANDOM}"
URL=$(python3 - "$BASE" "$NAME" <<'PY'
import sys
url, name = sys.argv[1:3]
start = url.index("://") + 3
q = url.find("?", start)
q = len(url) if q < 0 else q
slash = url.find("/", start, q)
print(url[:slash if slash >= 0 else q] + "/" + name + url[q:])
PY
)
psql "$BASE" -XqAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $NAME" >/dev/null
trap 'psql "$BASE" -XqAt -c "DROP DATABASE IF EXISTS $NAME WITH (FORCE)" >/dev/null 2>&1 || true; rm -rf "$TMP"' EXIT
export TAXGATE_KEYS_DIR=$TMP/keys
pycrypto_python "$SRC/tests/service/two_servers_test.py" "$TG" "$SHARED" "$SRC" "$TMP" "$URL"
