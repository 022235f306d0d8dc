# The linkage commands as a user runs them: train writes a model people can
# read and edit, match and process take it with --model, match --explain
# gives per-field weights, eval reports blocking losses with the inputs, and
# a bad model file is refused with its name.
source "$(dirname "$0")/lib.sh" "$@"
expect_exit 0 "synth" -- "$TG" synth --people 1500 --requests 600 --seed 9 --out "$TMP/in"
expect_exit 0 "train" -- "$TG" train --records "$TMP/in/records.csv" \
  --requests "$TMP/in/requests.csv" --out "$TMP/model.json"
expect_in "$TMP/last.out" "converged" "train says whether EM converged"
expect_in "$TMP/last.out" "estimated precision" "train gives the model's own precision estimate"
python3 - "$TMP/model.json" <<'PY' && pass "model.json is readable: thresholds and m/u per level" || fail "model.json incomplete"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["target_precision"] == 0.999 and m["match_threshold"] >= m["target_precision"]
fields = {c["field"]: c["levels"] for c in m["comparisons"]}
assert set(fields) >= {"first_name", "surname", "dob", "address", "tin"}
for levels in fields.values():
    for l in levels:
        assert 0 < l["m_probability"] <= 1 and 0 < l["u_probability"] <= 1
PY
expect_exit 0 "match --model --explain" -- "$TG" match --records "$TMP/in/records.csv" \
  --requests "$TMP/in/requests.csv" --out "$TMP/m1.csv" --model "$TMP/model.json" \
  --explain "$TMP/explain.jsonl"
python3 - "$TMP/explain.jsonl" <<'PY' && pass "--explain: every candidate with prior + 8 field weights summing to its match weight" || fail "explain output wrong"
import json, sys
n = 0
for line in open(sys.argv[1]):
    j = json.loads(line)
    for c in j["candidates"]:
        w = c["weights"]
        assert [x["field"] for x in w][0] == "prior" and len(w) == 9, w
        assert abs(sum(x["weight"] for x in w) - c["match_weight"]) < 1e-6
        n += 1
assert n > 0
PY
expect_exit 0 "eval with the inputs" -- "$TG" eval --matches "$TMP/m1.csv" --truth "$TMP/in/truth.csv" \
  --records-truth "$TMP/in/records_truth.csv" --records "$TMP/in/records.csv" \
  --requests "$TMP/in/requests.csv" --json
python3 - "$TMP/last.out" "$SHARED/tools" "$TMP" <<'PY' && pass "eval agrees with score_matches.py and counts blocking losses" || fail "eval differs"
import json, subprocess, sys
e = json.loads(open(sys.argv[1]).read())
assert e["candidate_pairs"] > 0 and 0 <= e["lost_at_blocking"] <= e["true_pairs"]
t = sys.argv[3]
s = json.loads(subprocess.run([sys.executable, sys.argv[2] + "/score_matches.py", t + "/m1.csv",
                               t + "/in/truth.csv", t + "/in/records_truth.csv"],
                              capture_output=True, text=True, check=True).stdout.splitlines()[-1])
assert abs(s["precision"] - e["precision"]) < 1e-4 and abs(s["recall"] - e["recall"]) < 1e-4, (s, e)
PY
# An edited model changes the answers: a stricter threshold, fewer matches.
python3 - "$TMP/model.json" "$TMP/strict.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["match_threshold"] = 0.99999999
json.dump(m, open(sys.argv[2], "w"), indent=2)
PY
expect_exit 0 "match with the edited model" -- "$TG" match --records "$TMP/in/records.csv" \
  --requests "$TMP/in/requests.csv" --out "$TMP/m2.csv" --model "$TMP/strict.json"
a=$(grep -c ',match$' "$TMP/m1.csv"); b=$(grep -c ',match$' "$TMP/m2.csv")
[ "$b" -lt "$a" ] && pass "stricter threshold: $b matches instead of $a" || fail "edited threshold changed nothing ($a, $b)"
python3 - "$TMP/model.json" "$TMP/bad.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["match_threshold"] = 0.9
json.dump(m, open(sys.argv[2], "w"))
PY
expect_exit 1 "a threshold below the target precision is refused" -- "$TG" match \
  --records "$TMP/in/records.csv" --requests "$TMP/in/requests.csv" --out "$TMP/m3.csv" \
  --model "$TMP/bad.json"
expect_in "$TMP/last.err" "bad.json" "the error names the model file"
expect_exit 0 "load" -- "$TG" load --records "$TMP/in/records.csv" --db "$TMP/s.db"
expect_exit 0 "process --model" -- "$TG" process --requests "$TMP/in/requests.csv" \
  --officials "$TMP/in/officials.csv" --db "$TMP/s.db" --out "$TMP/out" --model "$TMP/model.json" --json
expect_in "$TMP/last.out" '"model_version":"taxgate-linkage-1/em"' "process used the trained model"
finish
