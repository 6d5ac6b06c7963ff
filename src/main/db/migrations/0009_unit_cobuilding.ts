/**
 * 0009: the unit side of 双报到 (单位报到, 共建协议, 共建项目, 组织活动) and the unit list import.
 *
 * - unit_pairing: a unit's party organisation reported to (paired with) a community from start_date until ended_on
 *   (exclusive, like a member's registration span); a unit may hold several at once, and history is kept.
 *   unit.community_id stays as a mirror of the latest pairing in force (or the last one), as member.community_id
 *   mirrors the current registration. The old single 结对村居 column is carried over as one open pairing dated on
 *   the day the unit was entered (date(created_at) in Beijing time): the earliest day the register knows the unit
 *   existed; the clerk can correct it on the unit page (the correction is logged).
 * - agreement: a 共建协议 under one pairing: period, what each side undertakes, who signed, and an optional scanned
 *   copy (PDF, JPEG or PNG, at most 10 MB) kept as a BLOB so it travels with every backup.
 * - unit_claim / unit_claim_member: a unit adopting a service-list need (共建项目), with its members who served and
 *   their hours. A unit claim takes one place of the need, like a member's claim, so need_state counts both.
 * - event.unit_id: the unit that organised an activity (组织单位).
 * - import_batch / import_change: a unit list can be imported (kind 'unit'), and undone, pairings included.
 */
export default /* sql */ `
CREATE TABLE unit_pairing (
  id           INTEGER PRIMARY KEY,
  unit_id      INTEGER NOT NULL REFERENCES unit (id),
  community_id INTEGER NOT NULL REFERENCES community (id),
  start_date   TEXT NOT NULL,
  ended_on     TEXT,
  end_reason   TEXT NOT NULL DEFAULT '',
  note         TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  CHECK (ended_on IS NULL OR ended_on > start_date)
) STRICT;
CREATE INDEX unit_pairing_unit ON unit_pairing (unit_id, start_date, ended_on, community_id);
CREATE INDEX unit_pairing_community ON unit_pairing (community_id, start_date, ended_on, unit_id);
INSERT INTO unit_pairing (unit_id, community_id, start_date, note, created_at, updated_at)
  SELECT id, community_id, date(created_at, '+8 hours'), '由原"结对村居"转入,报到日期取单位建档日期', created_at, created_at FROM unit WHERE community_id IS NOT NULL;

CREATE TABLE agreement (
  id                  INTEGER PRIMARY KEY,
  pairing_id          INTEGER NOT NULL REFERENCES unit_pairing (id),
  signed_on           TEXT NOT NULL,
  valid_from          TEXT NOT NULL,
  valid_to            TEXT NOT NULL,
  unit_duties         TEXT NOT NULL DEFAULT '',
  community_duties    TEXT NOT NULL DEFAULT '',
  unit_signatory      TEXT NOT NULL DEFAULT '',
  community_signatory TEXT NOT NULL DEFAULT '',
  note                TEXT NOT NULL DEFAULT '',
  scan_name           TEXT NOT NULL DEFAULT '',
  scan_type           TEXT NOT NULL DEFAULT '' CHECK (scan_type IN ('', 'application/pdf', 'image/jpeg', 'image/png')),
  scan_size           INTEGER NOT NULL DEFAULT 0 CHECK (scan_size >= 0 AND scan_size <= 10485760),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  -- last, so reading an agreement's other columns never reads the scan's pages
  scan                BLOB,
  CHECK (valid_to >= valid_from)
) STRICT;
CREATE INDEX agreement_pairing ON agreement (pairing_id);
CREATE INDEX agreement_valid_to ON agreement (valid_to);

CREATE TABLE unit_claim (
  id          INTEGER PRIMARY KEY,
  need_id     INTEGER NOT NULL REFERENCES need (id),
  unit_id     INTEGER NOT NULL REFERENCES unit (id),
  status      TEXT NOT NULL CHECK (status IN ('已认领', '进行中', '已完成', '已放弃')),
  claimed_on  TEXT NOT NULL,
  finished_on TEXT,
  note        TEXT NOT NULL DEFAULT '',
  reason      TEXT NOT NULL DEFAULT '',
  over_places INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX unit_claim_open ON unit_claim (need_id, unit_id) WHERE status IN ('已认领', '进行中');
CREATE INDEX unit_claim_unit ON unit_claim (unit_id);
CREATE INDEX unit_claim_need ON unit_claim (need_id, status);

CREATE TABLE unit_claim_member (
  id            INTEGER PRIMARY KEY,
  unit_claim_id INTEGER NOT NULL REFERENCES unit_claim (id),
  member_id     INTEGER NOT NULL REFERENCES member (id),
  hours         REAL NOT NULL DEFAULT 0 CHECK (hours >= 0),
  created_at    TEXT NOT NULL,
  UNIQUE (unit_claim_id, member_id)
) STRICT;
CREATE INDEX unit_claim_member_member ON unit_claim_member (member_id);

-- a need's status follows its claims, members' and units' alike (a unit's claim takes one place)
DROP VIEW need_state;
CREATE VIEW need_state AS
SELECT n.id,
       COALESCE(c.open, 0) AS open,
       COALESCE(c.done, 0) AS done,
       CASE WHEN n.closed_at IS NOT NULL THEN '已关闭'
            WHEN COALESCE(c.done, 0) >= n.places THEN '已完成'
            WHEN COALESCE(c.open, 0) + COALESCE(c.done, 0) >= n.places THEN '已满'
            WHEN COALESCE(c.open, 0) + COALESCE(c.done, 0) > 0 THEN '认领中'
            ELSE '待认领' END AS status
FROM need n
LEFT JOIN (SELECT need_id, SUM(status IN ('已认领', '进行中')) AS open, SUM(status = '已完成') AS done
           FROM (SELECT need_id, status FROM claim UNION ALL SELECT need_id, status FROM unit_claim) GROUP BY need_id) c
  ON c.need_id = n.id;

ALTER TABLE event ADD COLUMN unit_id INTEGER REFERENCES unit (id);
CREATE INDEX event_unit ON event (unit_id, date) WHERE unit_id IS NOT NULL;

CREATE TABLE import_batch_new (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('roster', 'signin', 'unit')),
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
  undone_at       TEXT,
  skipped_reasons TEXT NOT NULL DEFAULT '{}',
  units_updated   INTEGER NOT NULL DEFAULT 0,
  pairings_created INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO import_batch_new (id, kind, file_name, sha256, event_id, created_at, operator, rows, members_created, members_updated, units_created, attendance, skipped, undone_at, skipped_reasons)
  SELECT id, kind, file_name, sha256, event_id, created_at, operator, rows, members_created, members_updated, units_created, attendance, skipped, undone_at, skipped_reasons FROM import_batch;
DROP TABLE import_batch;
ALTER TABLE import_batch_new RENAME TO import_batch;
CREATE INDEX import_batch_sha ON import_batch (sha256);

CREATE TABLE import_change_new (
  id       INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES import_batch (id),
  tbl      TEXT NOT NULL CHECK (tbl IN ('unit', 'member', 'attendance', 'registration', 'event', 'unit_pairing')),
  row_id   INTEGER NOT NULL,
  op       TEXT NOT NULL CHECK (op IN ('insert', 'update')),
  before   TEXT
) STRICT;
INSERT INTO import_change_new SELECT id, batch_id, tbl, row_id, op, before FROM import_change;
DROP TABLE import_change;
ALTER TABLE import_change_new RENAME TO import_change;
CREATE INDEX import_change_batch ON import_change (batch_id);
`
