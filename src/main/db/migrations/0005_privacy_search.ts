/**
 * 0005: erasure that reaches the log and survives restores, and member search by index.
 * - erasure: the register of members whose personal data was erased on request; kept across restores
 *   (like the log) and re-applied after one, so an old backup cannot bring a person back.
 * - audit_redaction: while it holds a row (only inside an erasure's transaction) the log may be updated,
 *   to replace that person's name in its entries; at any other time the log stays append-only.
 * - member.search holds the name, its pinyin initials and full pinyin only (no phone: a phone is found by
 *   the whole number or its last four digits, never by an inner part); member.initials is indexed for short
 *   keys and member_fts (trigram) finds any part of three characters or more.
 */
export default /* sql */ `
CREATE TABLE erasure (
  member_id INTEGER PRIMARY KEY,
  erased_at TEXT NOT NULL
) STRICT;

CREATE TABLE audit_redaction (member_id INTEGER PRIMARY KEY) STRICT;
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN NOT EXISTS (SELECT 1 FROM audit_redaction)
BEGIN
  SELECT RAISE(ABORT, '操作日志不能修改');
END;

ALTER TABLE member ADD COLUMN initials TEXT NOT NULL DEFAULT '';
UPDATE member SET search = substr(search, 1, length(search) - length(phone) - 1) WHERE phone != '' AND search LIKE '% ' || phone;
UPDATE member SET initials = substr(substr(search, instr(search, ' ') + 1), 1, instr(substr(search, instr(search, ' ') + 1) || ' ', ' ') - 1)
  WHERE instr(search, ' ') > 0;
CREATE INDEX member_name ON member (name);
CREATE INDEX member_initials ON member (initials);
CREATE INDEX member_phone_tail ON member (substr(phone, -4));
CREATE INDEX member_id_card_tail4 ON member (substr(id_card, -4)) WHERE id_card IS NOT NULL;
CREATE INDEX member_id_card_tail6 ON member (substr(id_card, -6)) WHERE id_card IS NOT NULL;

CREATE VIRTUAL TABLE member_fts USING fts5(search, content = 'member', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO member_fts (member_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO member_fts (member_fts) VALUES ('rebuild');
CREATE TRIGGER member_fts_insert AFTER INSERT ON member BEGIN
  INSERT INTO member_fts (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER member_fts_delete AFTER DELETE ON member BEGIN
  INSERT INTO member_fts (member_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER member_fts_update AFTER UPDATE OF search ON member BEGIN
  INSERT INTO member_fts (member_fts, rowid, search) VALUES ('delete', old.id, old.search);
  INSERT INTO member_fts (rowid, search) VALUES (new.id, new.search);
END;
`
