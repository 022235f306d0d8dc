-- taxgate's PostgreSQL schema, version 1: what a new store is made of, in
-- the one transaction that also records its version (PostgresDatabase::Init;
-- a store of an older version is brought here by the migrations in
-- postgres_database.cc, in one transaction too). The same tables and
-- columns as the SQLite store (sqlite/schema.sql) without its retired
-- columns. Text that is ordered or compared is COLLATE "C" (byte order, as
-- SQLite compares), whatever the database's locale. Hashes and entries are
-- bytea, always sent as binary parameters.
CREATE TABLE meta (
  key   text COLLATE "C" PRIMARY KEY,
  value text NOT NULL
);
-- The lock every Commit takes first (SELECT ... FOR UPDATE on its one row):
-- commits to the store are serialized, so two processes never number their
-- audit leaves from the same size; the second one sees the first one's
-- leaves and is refused (Aborted: it re-stages and retries).
CREATE TABLE log_head (
  id integer PRIMARY KEY CHECK (id = 1)
);
INSERT INTO log_head(id) VALUES (1);
CREATE TABLE records (
  record_id   text COLLATE "C" PRIMARY KEY,
  tin         text NOT NULL,
  first_name  text NOT NULL,
  middle_name text NOT NULL,
  last_name   text NOT NULL,
  dob         text NOT NULL,
  street      text NOT NULL,
  unit        text NOT NULL,
  city        text NOT NULL,
  state       text NOT NULL,
  zip         text NOT NULL,
  tax_year    bigint NOT NULL,
  source      text NOT NULL
);
CREATE TABLE officials (
  official_id text COLLATE "C" PRIMARY KEY,
  name        text NOT NULL,
  agency      text NOT NULL,
  title       text NOT NULL,
  role        text NOT NULL,
  valid_from  text NOT NULL,
  valid_to    text NOT NULL,
  public_key  text NOT NULL,
  revoked_on  text NOT NULL
);
CREATE TABLE batches (
  batch_id      text COLLATE "C" PRIMARY KEY,
  source_name   text NOT NULL,
  request_count bigint NOT NULL,
  received_at   text NOT NULL,
  -- the as-of date of the batch's first run (a re-run keeps it)
  as_of         text NOT NULL DEFAULT ''
);
CREATE TABLE decisions (
  -- the order rows were stored in (pending reviews, oldest first)
  seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  batch_id          text COLLATE "C" NOT NULL REFERENCES batches(batch_id),
  position          bigint NOT NULL,
  agency            text NOT NULL,
  request_id        text NOT NULL,
  official_id       text NOT NULL,
  case_number       text NOT NULL,
  decided_on        text COLLATE "C" NOT NULL,
  decision          text NOT NULL,
  reasons           text NOT NULL,
  record_id         text NOT NULL,
  match_probability double precision,
  match_weight      double precision,
  match_decision    text NOT NULL,
  disclosure_json   text NOT NULL,
  -- the response leaf (what the agency was told); -1 while the answer is
  -- held until the batch is settled
  leaf_index        bigint NOT NULL,
  -- the policy file's version the decision was made under
  policy_version    text NOT NULL DEFAULT '',
  -- the digest of the ruleset the decision was made under
  -- (ruleset/ruleset.h), and of the linkage model's parameters ('' when
  -- the request was never matched)
  ruleset_digest    text NOT NULL DEFAULT '',
  model_digest      text NOT NULL DEFAULT '',
  model_version     text NOT NULL DEFAULT '',
  -- a matching review's candidates with their per-field weights (JSON)
  evidence_json     text NOT NULL DEFAULT '',
  -- keyed digests of the person's folded name and date of birth
  -- (duplicates, matter breadth); '' when missing
  name_key          text NOT NULL DEFAULT '',
  dob_key           text NOT NULL DEFAULT '',
  -- the normalized reason: digits and the subject's names removed
  -- (near-copies across batches); '' when missing
  reason_norm       text NOT NULL DEFAULT '',
  -- the leaf of the latest decision entry
  decision_leaf     bigint NOT NULL DEFAULT -1,
  -- keyed digest of the taxpayer whose identity goes out, and the release
  -- profile it goes out under
  taxpayer_digest   text NOT NULL DEFAULT '',
  release_profile   text NOT NULL DEFAULT '',
  PRIMARY KEY (batch_id, position)
);
CREATE INDEX decisions_by_day ON decisions(decided_on);
CREATE INDEX decisions_in_review ON decisions(seq) WHERE decision = 'review';
CREATE TABLE audit_leaves (
  leaf_index bigint PRIMARY KEY CHECK (leaf_index >= 0),
  entry      bytea NOT NULL,
  leaf_hash  bytea NOT NULL,
  root_after bytea NOT NULL
);
-- Operator flags: legal holds on an agency (kind 'legal_hold', key = agency)
-- and (i)(6) withholding on a taxpayer (kind 'withheld_i6', key = digest).
CREATE TABLE flags (
  kind   text COLLATE "C" NOT NULL,
  key    text COLLATE "C" NOT NULL,
  note   text NOT NULL,
  set_on text NOT NULL,
  PRIMARY KEY (kind, key)
);
-- Signed checkpoints of the audit log (C2SP signed notes): the tree size and
-- root they commit to, the note as published, and the verifier key that
-- signed it (old keys stay listed after a rotation).
CREATE TABLE checkpoints (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tree_size  bigint NOT NULL,
  root       bytea NOT NULL,
  note       text NOT NULL,
  key        text NOT NULL,
  created_at text NOT NULL
);
