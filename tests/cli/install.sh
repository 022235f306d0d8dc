# Installed like real software: `cmake --install` lays out bin/taxgate,
# share/taxgate/ (the data folder) and etc/taxgate/ (the config); the
# installed binary runs the main job with the build tree's data links hidden
# and from any working directory, decides exactly as the build-tree binary
# does, and names the missing file when its data folder is empty.
# The binary is <builddir>/src/cli/taxgate. This test hides the build tree's
# staging links <builddir>/src/{share,etc}/taxgate for a while (renamed,
# restored at exit), so ctest runs it alone (RUN_SERIAL).
source "$(dirname "$0")/lib.sh" "$@"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "$(dirname "$TG")/../.." && pwd)
STAGE=$(cd "$(dirname "$TG")/.." && pwd)  # <builddir>/src: <bindir>/..
P=$TMP/prefix
IT=$P/bin/taxgate

# The staging links: only ever renamed (never a folder, never the source's
# data/ or config/), and put back at exit, also after an interrupted run.
LINKS=("$STAGE/share/taxgate" "$STAGE/etc/taxgate")
HIDDEN=.hidden-by-install-test
restore_links() {
  local l
  for l in "${LINKS[@]}"; do
    if [ -L "$l$HIDDEN" ] && [ ! -e "$l" ] && [ ! -L "$l" ]; then mv "$l$HIDDEN" "$l"; fi
  done
}
hide_links() {
  local l
  for l in "${LINKS[@]}"; do
    if [ -L "$l" ]; then mv "$l" "$l$HIDDEN"
    else fail "$l is not a symbolic link: not hidden"; fi
  done
}
restore_links  # a run killed before its trap left them hidden
trap 'restore_links; rm -rf "$TMP"' EXIT

expect_exit 0 "cmake --install $BUILD --prefix <tmp>" -- cmake --install "$BUILD" --prefix "$P"
[ -x "$IT" ] && pass "bin/taxgate installed" || fail "no $IT"
(cd "$SRC/data" && find . -type f | sort) > "$TMP/data.want"
(cd "$P/share/taxgate" && find . -type f | sort) > "$TMP/data.got"
if cmp -s "$TMP/data.want" "$TMP/data.got" && diff -r "$SRC/data" "$P/share/taxgate" >/dev/null; then
  pass "share/taxgate holds the data folder, licence and origin notes too ($(wc -l < "$TMP/data.got") files)"
else fail "share/taxgate differs from data/"; diff "$TMP/data.want" "$TMP/data.got" >&2 || true; fi
for f in reference/README.md reference/licenses spanish_hypocorisms.md spanish_hypocorisms.csv; do
  [ -e "$P/share/taxgate/$f" ] || fail "share/taxgate/$f missing"
done
for f in policy.toml statutes.csv; do
  cmp -s "$SRC/config/$f" "$P/etc/taxgate/$f" && pass "etc/taxgate/$f installed" || fail "etc/taxgate/$f"
done
if find "$P" -type l | grep -q .; then fail "the install holds symbolic links"; else pass "no links in the install"; fi
if grep -qaF -e "$SRC/data" -e "$SRC/config" "$IT"; then
  fail "the installed binary names the source tree's data/ or config/"
else pass "no source-tree data or config path in the installed binary"; fi

# The build tree's links hidden: the build-tree binary has no data (so the
# installed one below cannot be reading it), the installed one runs the main
# job of scripts/demo at small size from another working directory.
hide_links
expect_exit 1 "the build-tree binary with its links hidden" -- \
  env -u TAXGATE_DATA_DIR -u TAXGATE_CONFIG_DIR "$TG" synth --people 10 --requests 2 --seed 1 --out "$TMP/x"
expect_in "$TMP/last.err" "$STAGE/share/taxgate/" "it names a file of its (hidden) data folder"
mkdir -p "$TMP/elsewhere"
run() { env -C "$TMP/elsewhere" -u TAXGATE_DATA_DIR -u TAXGATE_CONFIG_DIR "$@"; }
expect_exit 0 "installed synth" -- run "$IT" synth --people 300 --requests 60 --seed 7 --out "$TMP/synth"
expect_exit 0 "installed load" -- run "$IT" load --records "$TMP/synth/records.csv" --db "$TMP/inst.db"
expect_exit 0 "installed process" -- run "$IT" process --requests "$TMP/synth/requests.csv" \
  --officials "$TMP/synth/officials.csv" --db "$TMP/inst.db" --out "$TMP/inst-out" --as-of 2026-11-23
reqs=$(python3 -c "import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding='utf-8'))))" "$TMP/synth/requests.csv")
rows=$(($(wc -l < "$TMP/inst-out/decisions.csv") - 1))
[ "$rows" -gt 0 ] && [ "$rows" = "$reqs" ] && pass "decisions.csv: one row per request ($rows)" \
  || fail "decisions.csv has $rows rows for $reqs requests"
answers=$(($(wc -l < "$TMP/inst-out/response.csv") - 1))
[ "$answers" = "$reqs" ] && pass "response.csv: one answer per request" || fail "response.csv has $answers rows"
expect_exit 0 "installed audit verify" -- run "$IT" audit verify --db "$TMP/inst.db"
# Reached through a link, as from /usr/local/bin: the link is resolved.
ln -s "$IT" "$TMP/elsewhere/taxgate-link"
expect_exit 0 "installed policy check through a symbolic link" -- run "$TMP/elsewhere/taxgate-link" \
  policy check --requests "$TMP/synth/requests.csv" --officials "$TMP/synth/officials.csv" \
  --out "$TMP/policy.csv" --as-of 2026-11-23

# An empty data or config folder: exit 1 and the missing file named.
mkdir -p "$TMP/empty-data" "$TMP/empty-config"
expect_exit 1 "installed match with an empty TAXGATE_DATA_DIR" -- env TAXGATE_DATA_DIR="$TMP/empty-data" \
  "$IT" match --records "$TMP/synth/records.csv" --requests "$TMP/synth/requests.csv" --out "$TMP/m.csv"
expect_in "$TMP/last.err" "$TMP/empty-data/reference/" "the error names the missing data file"
expect_exit 1 "installed policy check with an empty TAXGATE_CONFIG_DIR" -- \
  env TAXGATE_CONFIG_DIR="$TMP/empty-config" "$IT" policy check --requests "$TMP/synth/requests.csv" \
  --officials "$TMP/synth/officials.csv" --out "$TMP/p.csv" --as-of 2026-11-23
expect_in "$TMP/last.err" "$TMP/empty-config/policy.toml" "the error names the missing policy file"
restore_links

# The build-tree binary, links back, on the same inputs: the same decisions.
expect_exit 0 "build-tree load" -- "$TG" load --records "$TMP/synth/records.csv" --db "$TMP/tree.db"
expect_exit 0 "build-tree process" -- "$TG" process --requests "$TMP/synth/requests.csv" \
  --officials "$TMP/synth/officials.csv" --db "$TMP/tree.db" --out "$TMP/tree-out" --as-of 2026-11-23
if cmp -s <(sort "$TMP/inst-out/decisions.csv") <(sort "$TMP/tree-out/decisions.csv"); then
  pass "installed and build-tree binaries give the same decisions.csv"
else
  fail "decisions differ between the installed and the build-tree binary"
  diff <(sort "$TMP/inst-out/decisions.csv") <(sort "$TMP/tree-out/decisions.csv") | head >&2 || true
fi
finish
