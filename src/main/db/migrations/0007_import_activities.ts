/**
 * 0007: an import may create the activities its sheets are for (one sheet per day), so its undo record covers
 * activities too; and a batch keeps the rows it skipped by reason, as the clerk saw them before committing.
 */
export default /* sql */ `
CREATE TABLE import_change_new (
  id       INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES import_batch (id),
  tbl      TEXT NOT NULL CHECK (tbl IN ('unit', 'member', 'attendance', 'registration', 'event')),
  row_id   INTEGER NOT NULL,
  op       TEXT NOT NULL CHECK (op IN ('insert', 'update')),
  before   TEXT
) STRICT;
INSERT INTO import_change_new SELECT id, batch_id, tbl, row_id, op, before FROM import_change;
DROP TABLE import_change;
ALTER TABLE import_change_new RENAME TO import_change;
CREATE INDEX import_change_batch ON import_change (batch_id);

ALTER TABLE import_batch ADD COLUMN skipped_reasons TEXT NOT NULL DEFAULT '{}';
`
