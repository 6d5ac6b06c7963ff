/**
 * 0005: membership history, people who sign in without having reported, erasure that reaches the log and
 * survives restores, and member search by index. (Runs with foreign keys off: the member table is rebuilt.)
 *
 * - registration: a member's registration (报到) in a community from start_date until ended_on (exclusive;
 *   NULL while in force). Moving home ends one span and starts another; a transfer or an archive ends it;
 *   复报到 starts a new one. Every figure for a period uses the spans in force then.
 * - member.status gains 未报到: a person who signed in somewhere but never reported (no span).
 *   member.community_id and registered_at mirror the current (or last) span; '' for 未报到.
 * - expected_member: a unit's 应报到名单, giving 应报到/已报到/报到率 and the 未报到名单.
 * - erasure: ids of members erased on request; kept across restores and re-applied after one.
 * - audit_redaction: while it holds a row (only inside an erasure's transaction) the log may be updated, to
 *   replace that person's name in the entries about them; at any other time the log stays append-only.
 * - member.search holds the name, its pinyin initials and full pinyin only (a phone is found by the whole
 *   number or its last four digits, never by an inner part); member.initials is indexed for short keys and
 *   member_fts (trigram) finds any part of three characters or more.
 */
export default /* sql */ `
CREATE TABLE member_new (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  gender        TEXT NOT NULL DEFAULT '' CHECK (gender IN ('男', '女', '')),
  phone         TEXT NOT NULL,
  id_card       TEXT,
  unit_id       INTEGER REFERENCES unit (id),
  position      TEXT NOT NULL DEFAULT '',
  branch        TEXT NOT NULL DEFAULT '',
  community_id  INTEGER NOT NULL REFERENCES community (id),
  estate        TEXT NOT NULL DEFAULT '',
  registered_at TEXT NOT NULL,
  skills        TEXT NOT NULL DEFAULT '[]',
  veteran       INTEGER NOT NULL DEFAULT 0 CHECK (veteran IN (0, 1)),
  status        TEXT NOT NULL DEFAULT '在册' CHECK (status IN ('在册', '已转出', '未报到')),
  note          TEXT NOT NULL DEFAULT '',
  pinyin        TEXT NOT NULL DEFAULT '',
  search        TEXT NOT NULL DEFAULT '',
  archived_at   TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  initials      TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO member_new (id, name, gender, phone, id_card, unit_id, position, branch, community_id, estate, registered_at, skills, veteran,
                        status, note, pinyin, search, archived_at, created_at, updated_at)
  SELECT id, name, gender, phone, id_card, unit_id, position, branch, community_id, estate, registered_at, skills, veteran,
         status, note, pinyin, search, archived_at, created_at, updated_at FROM member;
DROP TABLE member;
ALTER TABLE member_new RENAME TO member;

CREATE UNIQUE INDEX member_phone_active ON member (phone) WHERE status = '在册' AND archived_at IS NULL;
CREATE INDEX member_phone ON member (phone);
CREATE INDEX member_id_card ON member (id_card) WHERE id_card IS NOT NULL;
CREATE INDEX member_community ON member (community_id, pinyin);
CREATE INDEX member_unit ON member (unit_id, pinyin);
CREATE INDEX member_pinyin ON member (pinyin);
CREATE INDEX member_registered ON member (registered_at);
CREATE INDEX member_status ON member (status);

-- search keys: no phone in them; initials for short keys
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

CREATE TABLE registration (
  id           INTEGER PRIMARY KEY,
  member_id    INTEGER NOT NULL REFERENCES member (id),
  community_id INTEGER NOT NULL REFERENCES community (id),
  start_date   TEXT NOT NULL,
  ended_on     TEXT CHECK (ended_on IS NULL OR ended_on > start_date),
  end_reason   TEXT NOT NULL DEFAULT '' CHECK (end_reason IN ('', '转出', '迁居', '归档')),
  created_at   TEXT NOT NULL
) STRICT;
-- covering indexes: the figures read spans by member (sign-ins, claims) and by date (who was registered then)
CREATE INDEX registration_member ON registration (member_id, start_date, ended_on, community_id);
CREATE INDEX registration_community ON registration (community_id, start_date, ended_on, member_id);
CREATE INDEX registration_start ON registration (start_date, ended_on, community_id, member_id);
-- one span in force per member at a time
CREATE UNIQUE INDEX registration_open ON registration (member_id) WHERE ended_on IS NULL;

-- spans from the registers as they were: a transferred member's ends on the day of the last change the log
-- recorded for them, else today; an archived member's on the day of the archive
INSERT INTO registration (member_id, community_id, start_date, ended_on, end_reason, created_at)
SELECT m.id, m.community_id, m.registered_at,
       CASE WHEN m.status = '已转出' OR m.archived_at IS NOT NULL THEN
         max(date(m.registered_at, '+1 day'), COALESCE(
           CASE WHEN m.status = '已转出' THEN (SELECT date(MAX(a.at), '+8 hours') FROM audit a WHERE a.method = 'member.update' AND a.record = '党员#' || m.id) END,
           CASE WHEN m.archived_at IS NOT NULL THEN date(m.archived_at, '+8 hours') END,
           date('now', '+8 hours')))
       END,
       CASE WHEN m.status = '已转出' THEN '转出' WHEN m.archived_at IS NOT NULL THEN '归档' ELSE '' END,
       m.created_at
FROM member m;

-- attendance.home_id: the community of the member's registration in force on the activity's date (NULL when not
-- registered then). It is the definition of 党员参与 (figures.ts), kept by these triggers whenever a sign-in, a span
-- or an activity's date changes, so the figures need not join every sign-in to the spans.
ALTER TABLE attendance ADD COLUMN home_id INTEGER REFERENCES community (id);
UPDATE attendance SET home_id = (SELECT r.community_id FROM registration r JOIN event e ON e.id = attendance.event_id WHERE r.member_id = attendance.member_id AND r.start_date <= e.date AND (r.ended_on IS NULL OR r.ended_on > e.date) LIMIT 1);
DROP INDEX attendance_event_hours;
CREATE INDEX attendance_event_home ON attendance (event_id, home_id, member_id, hours);
CREATE TRIGGER attendance_home_insert AFTER INSERT ON attendance BEGIN
  UPDATE attendance SET home_id = (SELECT r.community_id FROM registration r JOIN event e ON e.id = NEW.event_id WHERE r.member_id = NEW.member_id AND r.start_date <= e.date AND (r.ended_on IS NULL OR r.ended_on > e.date) LIMIT 1) WHERE id = NEW.id;
END;
CREATE TRIGGER registration_home_insert AFTER INSERT ON registration BEGIN
  UPDATE attendance SET home_id = (SELECT r.community_id FROM registration r JOIN event e ON e.id = attendance.event_id WHERE r.member_id = attendance.member_id AND r.start_date <= e.date AND (r.ended_on IS NULL OR r.ended_on > e.date) LIMIT 1) WHERE member_id = NEW.member_id;
END;
CREATE TRIGGER registration_home_update AFTER UPDATE ON registration BEGIN
  UPDATE attendance SET home_id = (SELECT r.community_id FROM registration r JOIN event e ON e.id = attendance.event_id WHERE r.member_id = attendance.member_id AND r.start_date <= e.date AND (r.ended_on IS NULL OR r.ended_on > e.date) LIMIT 1) WHERE member_id IN (NEW.member_id, OLD.member_id);
END;
CREATE TRIGGER registration_home_delete AFTER DELETE ON registration BEGIN
  UPDATE attendance SET home_id = (SELECT r.community_id FROM registration r JOIN event e ON e.id = attendance.event_id WHERE r.member_id = attendance.member_id AND r.start_date <= e.date AND (r.ended_on IS NULL OR r.ended_on > e.date) LIMIT 1) WHERE member_id = OLD.member_id;
END;
CREATE TRIGGER event_home_date AFTER UPDATE OF date ON event BEGIN
  UPDATE attendance SET home_id = (SELECT r.community_id FROM registration r JOIN event e ON e.id = attendance.event_id WHERE r.member_id = attendance.member_id AND r.start_date <= e.date AND (r.ended_on IS NULL OR r.ended_on > e.date) LIMIT 1) WHERE event_id = NEW.id;
END;

-- 应报到名单: a unit's in-service members who must report, as the unit sent them; matched to members by
-- phone, ID number, or name within the unit when the figures are computed
CREATE TABLE expected_member (
  id         INTEGER PRIMARY KEY,
  unit_id    INTEGER NOT NULL REFERENCES unit (id),
  name       TEXT NOT NULL,
  phone      TEXT NOT NULL DEFAULT '',
  id_card    TEXT NOT NULL DEFAULT '',
  note       TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX expected_member_unit ON expected_member (unit_id, name);

-- an import's undo record also covers the registration spans it opened or closed
CREATE TABLE import_change_new (
  id       INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES import_batch (id),
  tbl      TEXT NOT NULL CHECK (tbl IN ('unit', 'member', 'attendance', 'registration')),
  row_id   INTEGER NOT NULL,
  op       TEXT NOT NULL CHECK (op IN ('insert', 'update')),
  before   TEXT
) STRICT;
INSERT INTO import_change_new SELECT id, batch_id, tbl, row_id, op, before FROM import_change;
DROP TABLE import_change;
ALTER TABLE import_change_new RENAME TO import_change;
CREATE INDEX import_change_batch ON import_change (batch_id);

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
`
