/**
 * 0008: a large import adds its new members to the search index in one statement at the end rather than one
 * row at a time. FTS5 writes its pending entries out at every statement of a transaction once the index has
 * joined it, so 10,000 member rows each indexed by the trigger wrote 10,000 small index segments (and every
 * later statement of the import paid for it): two thirds of a 10,000-row roster's commit.
 *
 * - member_fts_pause: while it holds a row (only inside an import's transaction, which removes it again before
 *   it commits) a new member row is not indexed by the trigger; the import indexes the members it inserted
 *   itself, with the same entries, before removing the row. At any other time the trigger indexes every new row.
 * - member_fts_update fires only when the search key really changes (an update that writes the same key back,
 *   as every import update and most edits do, left the index as it was after a delete and an insert).
 */
export default /* sql */ `
CREATE TABLE member_fts_pause (id INTEGER PRIMARY KEY CHECK (id = 1)) STRICT;
DROP TRIGGER member_fts_insert;
CREATE TRIGGER member_fts_insert AFTER INSERT ON member WHEN NOT EXISTS (SELECT 1 FROM member_fts_pause) BEGIN
  INSERT INTO member_fts (rowid, search) VALUES (new.id, new.search);
END;
DROP TRIGGER member_fts_update;
CREATE TRIGGER member_fts_update AFTER UPDATE OF search ON member WHEN old.search IS NOT new.search BEGIN
  INSERT INTO member_fts (member_fts, rowid, search) VALUES ('delete', old.id, old.search);
  INSERT INTO member_fts (rowid, search) VALUES (new.id, new.search);
END;
`
