-- taxgate's SQLite schema (version 3). Applied at open; idempotent. A store
-- made by versions 1 or 2 is migrated in place (SqliteDatabase::Migrate).
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
  record_id   TEXT PRIMARY KEY,
  tin         TEXT NOT NULL,
  first_name  TEXT NOT NULL,
  middle_name TEXT NOT NULL,
  last_name   TEXT NOT NULL,
  dob         TEXT NOT NULL,
  street      TEXT NOT NULL,
  unit        TEXT NOT NULL,
  city        TEXT NOT NULL,
  state       TEXT NOT NULL,
  zip         TEXT NOT NULL,
  tax_year    INTEGER NOT NULL,
  source      TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS officials (
  official_id TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  agency      TEXT NOT NULL,
  title       TEXT NOT NULL,
  role        TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  valid_to    TEXT NOT NULL,
  public_key  TEXT NOT NULL,
  revoked_on  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS batches (
  batch_id      TEXT PRIMARY KEY,
  source_name   TEXT NOT NULL,
  request_count INTEGER NOT NULL,
  received_at   TEXT NOT NULL,
  -- the as-of date of the batch's first run (a re-run keeps it)
  as_of         TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS decisions (
  batch_id          TEXT NOT NULL REFERENCES batches(batch_id),
  position          INTEGER NOT NULL,
  agency            TEXT NOT NULL,
  request_id        TEXT NOT NULL,
  official_id       TEXT NOT NULL,
  case_number       TEXT NOT NULL,
  -- schema 1-2: keyed digest of official, case and person (no longer used)
  subject_key       TEXT NOT NULL DEFAULT '',
  decided_on        TEXT NOT NULL,
  decision          TEXT NOT NULL,
  reasons           TEXT NOT NULL,
  record_id         TEXT NOT NULL,
  match_probability REAL,
  match_weight      REAL,
  match_decision    TEXT NOT NULL,
  disclosure_json   TEXT NOT NULL,
  -- the response leaf (what the agency was told); -1 while the answer is
  -- held until the batch is settled
  leaf_index        INTEGER NOT NULL,
  -- schema 2: keyed digest of the normalized reason (no longer used)
  reason_digest     TEXT NOT NULL DEFAULT '',
  -- the policy file's version the decision was made under
  policy_version    TEXT NOT NULL DEFAULT '',
  -- schema 2-3: SHA-256 of the policy file and its tables (no longer read)
  policy_digest     TEXT NOT NULL DEFAULT '',
  -- schema 4: the digest of the ruleset the decision was made under
  -- (ruleset/ruleset.h), and of the linkage model's parameters ('' when
  -- the request was never matched)
  ruleset_digest    TEXT NOT NULL DEFAULT '',
  model_digest      TEXT NOT NULL DEFAULT '',
  model_version     TEXT NOT NULL DEFAULT '',
  -- a matching review's candidates with their per-field weights (JSON)
  evidence_json     TEXT NOT NULL DEFAULT '',
  -- keyed digests of the person's folded name and date of birth
  -- (duplicates, matter breadth); '' when missing
  name_key          TEXT NOT NULL DEFAULT '',
  dob_key           TEXT NOT NULL DEFAULT '',
  -- the normalized reason: digits and the subject's names removed
  -- (near-copies across batches); '' when missing
  reason_norm       TEXT NOT NULL DEFAULT '',
  -- the leaf of the latest decision entry
  decision_leaf     INTEGER NOT NULL DEFAULT -1,
  -- keyed digest of the taxpayer whose identity goes out, and the release
  -- profile it goes out under
  taxpayer_digest   TEXT NOT NULL DEFAULT '',
  release_profile   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (batch_id, position)
);
CREATE INDEX IF NOT EXISTS decisions_by_day ON decisions(decided_on);
CREATE TABLE IF NOT EXISTS audit_leaves (
  leaf_index INTEGER PRIMARY KEY,
  entry      BLOB NOT NULL,
  leaf_hash  BLOB NOT NULL,
  root_after BLOB NOT NULL
);
-- Operator flags: legal holds on an agency (kind 'legal_hold', key = agency)
-- and (i)(6) withholding on a taxpayer (kind 'withheld_i6', key = TIN).
CREATE TABLE IF NOT EXISTS flags (
  kind   TEXT NOT NULL,
  key    TEXT NOT NULL,
  note   TEXT NOT NULL,
  set_on TEXT NOT NULL,
  PRIMARY KEY (kind, key)
);
-- Signed checkpoints of the audit log (C2SP signed notes): the tree size and
-- root they commit to, the note as published, and the verifier key that
-- signed it (old keys stay listed after a rotation).
CREATE TABLE IF NOT EXISTS checkpoints (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  tree_size  INTEGER NOT NULL,
  root       BLOB NOT NULL,
  note       TEXT NOT NULL,
  key        TEXT NOT NULL,
  created_at TEXT NOT NULL
);
-- The log's identity: its checkpoints' origin is "taxgate/<log_id>".
INSERT OR IGNORE INTO meta(key, value)
  VALUES ('log_id', lower(hex(randomblob(16))));
