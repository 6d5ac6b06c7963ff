/** 0003: the service list (needs), members' claims, forum suggestions, residents' feedback, activities held for a need. */
export default /* sql */ `
CREATE TABLE need (
  id            INTEGER PRIMARY KEY,
  community_id  INTEGER NOT NULL REFERENCES community (id),
  title         TEXT NOT NULL,
  category      TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  places        INTEGER NOT NULL DEFAULT 1 CHECK (places >= 1),
  skills        TEXT NOT NULL DEFAULT '[]',
  period_start  TEXT NOT NULL DEFAULT '',
  period_end    TEXT NOT NULL DEFAULT '',
  source        TEXT NOT NULL CHECK (source IN ('社区列出', '座谈会提出', '群众诉求')),
  closed_at     TEXT,
  close_reason  TEXT NOT NULL DEFAULT '',
  search        TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX need_community ON need (community_id);

CREATE TABLE claim (
  id             INTEGER PRIMARY KEY,
  need_id        INTEGER NOT NULL REFERENCES need (id),
  member_id      INTEGER NOT NULL REFERENCES member (id),
  status         TEXT NOT NULL CHECK (status IN ('已认领', '进行中', '已完成', '已放弃')),
  claimed_on     TEXT NOT NULL,
  finished_on    TEXT,
  hours          REAL CHECK (hours IS NULL OR hours >= 0),
  note           TEXT NOT NULL DEFAULT '',
  reason         TEXT NOT NULL DEFAULT '',
  over_places    INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;
-- one open claim per member per need
CREATE UNIQUE INDEX claim_open ON claim (need_id, member_id) WHERE status IN ('已认领', '进行中');
CREATE INDEX claim_member ON claim (member_id);
CREATE INDEX claim_need ON claim (need_id, status);

-- a need's status follows its claims: counted here, never kept by hand
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
LEFT JOIN (SELECT need_id, SUM(status IN ('已认领', '进行中')) AS open, SUM(status = '已完成') AS done FROM claim GROUP BY need_id) c
  ON c.need_id = n.id;

CREATE TABLE suggestion (
  id         INTEGER PRIMARY KEY,
  event_id   INTEGER NOT NULL REFERENCES event (id),
  text       TEXT NOT NULL,
  member_id  INTEGER REFERENCES member (id),
  resident   TEXT NOT NULL DEFAULT '',
  need_id    INTEGER REFERENCES need (id),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX suggestion_event ON suggestion (event_id);

ALTER TABLE event ADD COLUMN need_id INTEGER REFERENCES need (id);
CREATE INDEX event_need ON event (need_id);

CREATE TABLE feedback (
  id             INTEGER PRIMARY KEY,
  member_id      INTEGER NOT NULL REFERENCES member (id),
  event_id       INTEGER REFERENCES event (id),
  claim_id       INTEGER REFERENCES claim (id),
  rating         TEXT NOT NULL CHECK (rating IN ('满意', '基本满意', '不满意')),
  comment        TEXT NOT NULL DEFAULT '',
  date           TEXT NOT NULL,
  resident_name  TEXT NOT NULL DEFAULT '',
  resident_phone TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL,
  CHECK (event_id IS NOT NULL OR claim_id IS NOT NULL)
) STRICT;
CREATE INDEX feedback_member ON feedback (member_id);
`
