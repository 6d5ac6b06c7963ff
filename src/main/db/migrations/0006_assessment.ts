/**
 * 0006: the year's assessment (考核) and volunteer service certificates (志愿服务证明).
 *
 * - assess_scheme: a year's 考核方案 as JSON, one row per saved version (never updated).
 * - assess_adjustment: manual bonus/deduction entries with a reason; voided, never deleted.
 * - assess_rereport: 复报到确认, a clerk's record that a registered member re-reported on a date.
 * - assess_run: a confirmed period (year + Y/H1/H2) and the scheme version it used; reopening stamps it, and
 *   at most one run per period is in force. assess_result (one row per member, with the community and unit
 *   at confirmation, so a unit's results read by unit_id) and assess_line (the point lines whose sum is
 *   the score, their wording frozen) hold what was confirmed. Points and hours are kept in hundredths so
 *   sums are exact.
 * - certificate: the yearly register of 志愿服务证明, numbered without gaps (voids keep their number), with
 *   what was certified frozen so a reprint (补发) says the same.
 */
export default /* sql */ `
CREATE TABLE assess_scheme (
  id         INTEGER PRIMARY KEY,
  year       INTEGER NOT NULL,
  version    INTEGER NOT NULL CHECK (version >= 1),
  body       TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  operator   TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (year, version)
) STRICT;

CREATE TABLE assess_adjustment (
  id          INTEGER PRIMARY KEY,
  member_id   INTEGER NOT NULL REFERENCES member (id),
  date        TEXT NOT NULL,
  points_x100 INTEGER NOT NULL CHECK (points_x100 != 0),
  reason      TEXT NOT NULL,
  voided_at   TEXT,
  void_reason TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX assess_adjustment_member ON assess_adjustment (member_id, date);
CREATE INDEX assess_adjustment_date ON assess_adjustment (date);

CREATE TABLE assess_rereport (
  id         INTEGER PRIMARY KEY,
  member_id  INTEGER NOT NULL REFERENCES member (id),
  date       TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (member_id, date)
) STRICT;
CREATE INDEX assess_rereport_date ON assess_rereport (date);

CREATE TABLE assess_run (
  id            INTEGER PRIMARY KEY,
  year          INTEGER NOT NULL,
  period        TEXT NOT NULL CHECK (period IN ('Y', 'H1', 'H2')),
  from_date     TEXT NOT NULL,
  to_date       TEXT NOT NULL,
  scheme_id     INTEGER NOT NULL REFERENCES assess_scheme (id),
  members       INTEGER NOT NULL,
  operator      TEXT NOT NULL DEFAULT '',
  confirmed_at  TEXT NOT NULL,
  reopened_at   TEXT,
  reopen_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX assess_run_in_force ON assess_run (year, period) WHERE reopened_at IS NULL;

CREATE TABLE assess_result (
  run_id       INTEGER NOT NULL REFERENCES assess_run (id),
  member_id    INTEGER NOT NULL REFERENCES member (id),
  community_id INTEGER NOT NULL REFERENCES community (id),
  unit_id      INTEGER REFERENCES unit (id),
  activities   INTEGER NOT NULL,
  hours_x100   INTEGER NOT NULL,
  points_x100  INTEGER NOT NULL,
  rated        INTEGER NOT NULL CHECK (rated IN (0, 1)),
  grade        TEXT NOT NULL,
  met          INTEGER NOT NULL CHECK (met IN (0, 1)),
  shortfall    TEXT NOT NULL DEFAULT '',
  rereported   INTEGER CHECK (rereported IN (0, 1)),
  note         TEXT NOT NULL DEFAULT '',
  checks       TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (run_id, member_id)
) STRICT;
CREATE INDEX assess_result_unit ON assess_result (unit_id, run_id);
CREATE INDEX assess_result_community ON assess_result (community_id, run_id);
CREATE INDEX assess_result_member ON assess_result (member_id);

CREATE TABLE assess_line (
  run_id      INTEGER NOT NULL REFERENCES assess_run (id),
  member_id   INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('基础分', '活动', '认领', '建议', '评价', '加减分', '封顶')),
  source_id   INTEGER,
  ref_kind    TEXT CHECK (ref_kind IN ('event', 'need')),
  ref_id      INTEGER,
  date        TEXT NOT NULL,
  label       TEXT NOT NULL,
  hours_x100  INTEGER,
  counted_x100 INTEGER,
  points_x100 INTEGER NOT NULL,
  detail      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, member_id, seq)
) STRICT;

CREATE TABLE certificate (
  id               INTEGER PRIMARY KEY,
  year             INTEGER NOT NULL,
  seq              INTEGER NOT NULL CHECK (seq >= 1),
  number           TEXT NOT NULL UNIQUE,
  member_id        INTEGER NOT NULL REFERENCES member (id),
  from_date        TEXT NOT NULL,
  to_date          TEXT NOT NULL,
  hours_x100       INTEGER NOT NULL,
  activities       INTEGER NOT NULL,
  claims           INTEGER NOT NULL,
  content          TEXT NOT NULL,
  issuer           TEXT NOT NULL,
  person_in_charge TEXT NOT NULL,
  issued_on        TEXT NOT NULL,
  full_id          INTEGER NOT NULL DEFAULT 0 CHECK (full_id IN (0, 1)),
  reprints         INTEGER NOT NULL DEFAULT 0,
  reprinted_on     TEXT,
  reprint_reason   TEXT NOT NULL DEFAULT '',
  voided_on        TEXT,
  void_reason      TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  UNIQUE (year, seq)
) STRICT;
CREATE INDEX certificate_member ON certificate (member_id);
`
