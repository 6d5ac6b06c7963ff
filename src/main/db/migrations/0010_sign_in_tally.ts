/**
 * 0010: the 工作台 counts every sign-in from the first record; at city scale (a million sign-ins) that is too slow to
 * read row by row. Two tallies hold the same sign-ins summed, kept exact by triggers on every change they depend on
 * (a sign-in added, removed or moved to another community of registration — which the triggers of 0005 do when a
 * span or an activity's date changes —, its hours; an activity's date and archive):
 *
 * - sign_in_tally: per activity and community of registration (attendance.home_id, 0 where the person was not
 *   registered on the activity's date), the number of sign-ins and their hours. Any range of activities reads it.
 * - participant: per member and community of registration, the date of their first sign-in there at an activity
 *   not archived. 参与人数 from the first record to a date counts these pairs (a person once per community).
 *
 * A sign-in's tally row is adjusted by one (n) and its hours (both ways commute, so the order triggers fire in
 * does not matter; a row that comes to 0 sign-ins goes; hours added and taken away agree with a recount to far below
 * the 0.01 h any figure shows). A participant's first date takes the earlier of the two
 * when a sign-in is added, and is recounted from attendance when one is removed or moved away, or an activity's date
 * or archive changes. tests/tally.test.ts checks both against a recount from scratch after every kind of change.
 *
 * tally_ready holds one row while the tallies are kept. Deleting it stops the triggers (a restore does: it empties
 * and refills every table in the order they were created, so this one goes first and comes back last); inserting
 * it rebuilds both tallies from scratch. Its CREATE TABLE must stay after the tallies'.
 */

/** Adds the sign-in `r` (NEW or OLD) to its tally row, `sign` = 1, or takes it away, -1. */
const tally = (r: string, sign: 1 | -1): string => `
  INSERT INTO sign_in_tally (event_id, home_id, n, hours) VALUES (${r}.event_id, COALESCE(${r}.home_id, 0), ${sign}, ${sign} * ${r}.hours)
    ON CONFLICT (event_id, home_id) DO UPDATE SET n = n + excluded.n, hours = hours + excluded.hours;
  DELETE FROM sign_in_tally WHERE event_id = ${r}.event_id AND home_id = COALESCE(${r}.home_id, 0) AND n = 0;`

/** The sign-in `r` counts for its member's first date in its community of registration (if it has one and its activity is not archived). */
const firstSignIn = (r: string): string => `
  INSERT INTO participant (member_id, home_id, first_date)
    SELECT ${r}.member_id, ${r}.home_id, e.date FROM event e WHERE ${r}.home_id IS NOT NULL AND e.id = ${r}.event_id AND e.archived_at IS NULL
    ON CONFLICT (member_id, home_id) DO UPDATE SET first_date = MIN(first_date, excluded.first_date);`

/** Makes the participant row of member `m` in community `h` what attendance says, where `when` holds. */
const recountParticipant = (m: string, h: string, when: string): string => `
  DELETE FROM participant WHERE ${when} AND member_id = ${m} AND home_id = ${h};
  INSERT INTO participant (member_id, home_id, first_date)
    SELECT ${m}, ${h}, MIN(e.date) FROM attendance a JOIN event e ON e.id = a.event_id
    WHERE ${when} AND a.member_id = ${m} AND a.home_id = ${h} AND e.archived_at IS NULL HAVING MIN(e.date) IS NOT NULL;`

const kept = 'EXISTS (SELECT 1 FROM tally_ready)'

export default /* sql */ `
CREATE TABLE sign_in_tally (
  event_id INTEGER NOT NULL,
  home_id  INTEGER NOT NULL,
  n        INTEGER NOT NULL,
  hours    REAL NOT NULL,
  PRIMARY KEY (event_id, home_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE participant (
  member_id  INTEGER NOT NULL,
  home_id    INTEGER NOT NULL,
  first_date TEXT NOT NULL,
  PRIMARY KEY (member_id, home_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX participant_home ON participant (home_id, first_date);

CREATE TABLE tally_ready (
  one INTEGER PRIMARY KEY CHECK (one = 1)
) STRICT;

CREATE TRIGGER tally_rebuild AFTER INSERT ON tally_ready BEGIN
  DELETE FROM sign_in_tally;
  INSERT INTO sign_in_tally (event_id, home_id, n, hours)
    SELECT event_id, COALESCE(home_id, 0), COUNT(*), SUM(hours) FROM attendance GROUP BY event_id, home_id;
  DELETE FROM participant;
  INSERT INTO participant (member_id, home_id, first_date)
    SELECT a.member_id, a.home_id, MIN(e.date) FROM attendance a JOIN event e ON e.id = a.event_id
    WHERE a.home_id IS NOT NULL AND e.archived_at IS NULL GROUP BY a.member_id, a.home_id;
END;

CREATE TRIGGER tally_attendance_insert AFTER INSERT ON attendance WHEN ${kept} BEGIN
  ${tally('NEW', 1)}
  ${firstSignIn('NEW')}
END;
CREATE TRIGGER tally_attendance_delete AFTER DELETE ON attendance WHEN ${kept} BEGIN
  ${tally('OLD', -1)}
  ${recountParticipant('OLD.member_id', 'OLD.home_id', 'OLD.home_id IS NOT NULL')}
END;
CREATE TRIGGER tally_attendance_update AFTER UPDATE OF event_id, member_id, home_id, hours ON attendance
WHEN ${kept} AND (OLD.event_id IS NOT NEW.event_id OR OLD.member_id IS NOT NEW.member_id OR OLD.home_id IS NOT NEW.home_id OR OLD.hours IS NOT NEW.hours) BEGIN
  ${tally('OLD', -1)}
  ${tally('NEW', 1)}
  ${recountParticipant('OLD.member_id', 'OLD.home_id', 'OLD.home_id IS NOT NULL AND (OLD.event_id IS NOT NEW.event_id OR OLD.member_id IS NOT NEW.member_id OR OLD.home_id IS NOT NEW.home_id)')}
  ${firstSignIn('NEW')}
END;
-- an activity's date or archive decides its attendees' first sign-in (its community only the host, read at query time)
CREATE TRIGGER tally_event_update AFTER UPDATE OF date, archived_at ON event
WHEN ${kept} AND (OLD.date IS NOT NEW.date OR (OLD.archived_at IS NULL) IS NOT (NEW.archived_at IS NULL)) BEGIN
  DELETE FROM participant WHERE (member_id, home_id) IN (SELECT member_id, home_id FROM attendance WHERE event_id = NEW.id AND home_id IS NOT NULL);
  INSERT INTO participant (member_id, home_id, first_date)
    SELECT member_id, home_id, first_date FROM (
      SELECT a.member_id, a.home_id,
             (SELECT MIN(e.date) FROM attendance b JOIN event e ON e.id = b.event_id
              WHERE b.member_id = a.member_id AND b.home_id = a.home_id AND e.archived_at IS NULL) AS first_date
      FROM attendance a WHERE a.event_id = NEW.id AND a.home_id IS NOT NULL)
    WHERE first_date IS NOT NULL;
END;

INSERT INTO tally_ready (one) VALUES (1);
`
