# Shared helpers for the command-line tests. Usage: source lib.sh "$@"
set -euo pipefail
TG=$1
SHARED=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILS=0

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { echo "ok: $*"; }
# expect_exit CODE DESCRIPTION -- command...
expect_exit() {
  local want=$1 what=$2; shift 3
  set +e; "$@" >"$TMP/last.out" 2>"$TMP/last.err"; local got=$?; set -e
  if [ "$got" = "$want" ]; then pass "$what (exit $got)"; else
    fail "$what: exit $got, want $want"; cat "$TMP/last.out" "$TMP/last.err" >&2; fi
}
# expect_in FILE TEXT DESCRIPTION
expect_in() {
  if grep -qF -- "$2" "$1"; then pass "$3"; else
    fail "$3: '$2' not in $1"; cat "$1" >&2; fi
}
# sql DB QUERY: prints the rows (python3's sqlite3, no CLI needed)
sql() {
  python3 - "$1" "$2" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for row in con.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
con.commit()
PY
}
finish() {
  if [ "$FAILS" -gt 0 ]; then echo "$FAILS check(s) failed" >&2; exit 1; fi
  echo "all checks passed"
}
# pycrypto_python ARGS...: runs python3 with the `cryptography` package
# (Debian's python3-cryptography is in /usr/bin/python3 when another
# python3 comes first on the PATH), for ../shared/tools/sign_requests.py.
pycrypto_python() {
  if python3 -c 'import cryptography' 2>/dev/null; then python3 "$@"
  else /usr/bin/python3 "$@"; fi
}
# age_batches DB DAYS: moves the receipt of every batch of the store DAYS
# days back, as if it had arrived then. `release` reads today's date only
# (the review deadline counts from the receipt), so tests make time pass
# this way.
age_batches() {
  python3 - "$1" "$2" <<'PY'
import datetime, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for bid, at in con.execute("SELECT batch_id, received_at FROM batches").fetchall():
    d = datetime.date.fromisoformat(at[:10]) - datetime.timedelta(days=int(sys.argv[2]))
    con.execute("UPDATE batches SET received_at = ? WHERE batch_id = ?", (d.isoformat() + at[10:], bid))
con.commit()
PY
}
# resign FILE KEYS: signs every request of FILE again, in place, with the
# private keys KEYS (a test that edits a signed batch re-signs it, as the
# agency would).
resign() {
  "$TG" sign --requests "$1" --private-keys "$2" --out "$1.signed" >/dev/null
  mv "$1.signed" "$1"
}
