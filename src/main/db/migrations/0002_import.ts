/** 0002: import batches, the changes each made (for undo), and remembered column mappings. */
export default /* sql */ `
CREATE TABLE import_batch (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('roster', 'signin')),
  file_name       TEXT NOT NULL,
  sha256          TEXT NOT NULL,
  event_id        INTEGER REFERENCES event (id),
  created_at      TEXT NOT NULL,
  operator        TEXT NOT NULL DEFAULT '',
  rows            INTEGER NOT NULL,
  members_created INTEGER NOT NULL DEFAULT 0,
  members_updated INTEGER NOT NULL DEFAULT 0,
  units_created   INTEGER NOT NULL DEFAULT 0,
  attendance      INTEGER NOT NULL DEFAULT 0,
  skipped         INTEGER NOT NULL DEFAULT 0,
  undone_at       TEXT
) STRICT;
CREATE INDEX import_batch_sha ON import_batch (sha256);

-- every row an import inserted or changed, with the row as it was before a change
CREATE TABLE import_change (
  id       INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES import_batch (id),
  tbl      TEXT NOT NULL CHECK (tbl IN ('unit', 'member', 'attendance')),
  row_id   INTEGER NOT NULL,
  op       TEXT NOT NULL CHECK (op IN ('insert', 'update')),
  before   TEXT
) STRICT;
CREATE INDEX import_change_batch ON import_change (batch_id);

CREATE TABLE import_mapping (
  header_key TEXT PRIMARY KEY,
  mapping    TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
`
