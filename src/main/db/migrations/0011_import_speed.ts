/**
 * 0011: a large import adds its new members to the search index in one statement at the end rather than one
 * row at a time. FTS5 writes its pending entries out at every statement of a transaction once the index has
 * joined it, so 10,000 member rows each indexed by the trigger wrote 10,000 small index segments (and every
 * later statement of the import paid for it): two thirds of a 10,000-row roster's commit.
 *
 * - member_fts_pause: while it holds a row (only inside an import's or an undo's transaction, which removes it
 *   again before it commits) a member row inserted or deleted is not indexed or unindexed by the triggers; the
 *   import indexes the members it inserted itself, and the undo removes the entries of the members it deletes,
 *   each in one statement with the same entries. At any other time the triggers index every row. (Undoing a
 *   10,000-row roster took 37 s, a third of it each registration delete paying for the member delete before it.)
 * - suggestion_member: deleting a member (an undo deletes thousands) checks that no suggestion refers to it; without
 *   an index that read every suggestion each time.
 * - member_fts_update fires only when the search key really changes (an update that writes the same key back,
 *   as every import update and most edits do, left the index as it was after a delete and an insert).
 */
export default /* sql */ `
CREATE TABLE member_fts_pause (id INTEGER PRIMARY KEY CHECK (id = 1)) STRICT;
DROP TRIGGER member_fts_insert;
CREATE TRIGGER member_fts_insert AFTER INSERT ON member WHEN NOT EXISTS (SELECT 1 FROM member_fts_pause) BEGIN
  INSERT INTO member_fts (rowid, search) VALUES (new.id, new.search);
END;
DROP TRIGGER member_fts_delete;
CREATE TRIGGER member_fts_delete AFTER DELETE ON member WHEN NOT EXISTS (SELECT 1 FROM member_fts_pause) BEGIN
  INSERT INTO member_fts (member_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
DROP TRIGGER member_fts_update;
CREATE TRIGGER member_fts_update AFTER UPDATE OF search ON member WHEN old.search IS NOT new.search BEGIN
  INSERT INTO member_fts (member_fts, rowid, search) VALUES ('delete', old.id, old.search);
  INSERT INTO member_fts (rowid, search) VALUES (new.id, new.search);
END;
CREATE INDEX suggestion_member ON suggestion (member_id);
`
