/**
 * 0008: 反馈单位 (feedback to units) and a certificate register that survives restores.
 *
 * - unit_feedback: per unit and assessment period (year + Y/H1/H2), when its members' 表现反馈表 was sent to the
 *   unit (sent_on) and when the unit's receipt came back (receipted_on); one row per unit and period.
 * - certificate is rebuilt so the register can be kept across a restore of an older backup (like the log and
 *   the erasure register): the person as certified (name, gender, unit and community names) is kept on the
 *   certificate, and member_id may be NULL when the restored data no longer holds the member it was issued to.
 */
export default /* sql */ `
CREATE TABLE unit_feedback (
  id           INTEGER PRIMARY KEY,
  unit_id      INTEGER NOT NULL REFERENCES unit (id),
  year         INTEGER NOT NULL,
  period       TEXT NOT NULL CHECK (period IN ('Y', 'H1', 'H2')),
  sent_on      TEXT,
  receipted_on TEXT,
  note         TEXT NOT NULL DEFAULT '',
  updated_at   TEXT NOT NULL,
  UNIQUE (unit_id, year, period),
  CHECK (receipted_on IS NULL OR (sent_on IS NOT NULL AND receipted_on >= sent_on))
) STRICT;
CREATE INDEX unit_feedback_period ON unit_feedback (year, period);

CREATE TABLE certificate_new (
  id               INTEGER PRIMARY KEY,
  year             INTEGER NOT NULL,
  seq              INTEGER NOT NULL CHECK (seq >= 1),
  number           TEXT NOT NULL UNIQUE,
  member_id        INTEGER REFERENCES member (id),
  name             TEXT NOT NULL DEFAULT '',
  gender           TEXT NOT NULL DEFAULT '',
  unit_name        TEXT NOT NULL DEFAULT '',
  community_name   TEXT NOT NULL DEFAULT '',
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
INSERT INTO certificate_new (id, year, seq, number, member_id, name, gender, unit_name, community_name, from_date, to_date, hours_x100, activities, claims, content,
                             issuer, person_in_charge, issued_on, full_id, reprints, reprinted_on, reprint_reason, voided_on, void_reason, created_at)
SELECT k.id, k.year, k.seq, k.number, k.member_id, COALESCE(m.name, ''), COALESCE(m.gender, ''), COALESCE(u.name, ''), COALESCE(c.name, ''), k.from_date, k.to_date,
       k.hours_x100, k.activities, k.claims, k.content, k.issuer, k.person_in_charge, k.issued_on, k.full_id, k.reprints, k.reprinted_on, k.reprint_reason, k.voided_on,
       k.void_reason, k.created_at
FROM certificate k LEFT JOIN member m ON m.id = k.member_id LEFT JOIN unit u ON u.id = m.unit_id LEFT JOIN community c ON c.id = m.community_id;
DROP TABLE certificate;
ALTER TABLE certificate_new RENAME TO certificate;
CREATE INDEX certificate_member ON certificate (member_id);
`
