/** 0001: the registers of communities, units, members, activities and sign-ins. */
export default /* sql */ `
CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE community (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('社区', '村')),
  secretary   TEXT NOT NULL DEFAULT '',
  phone       TEXT NOT NULL DEFAULT '',
  address     TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  pinyin      TEXT NOT NULL DEFAULT '',
  search      TEXT NOT NULL DEFAULT '',
  archived_at TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE unit (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  kind         TEXT NOT NULL CHECK (kind IN ('机关', '事业单位', '国有企业', '其他')),
  party_org    TEXT NOT NULL DEFAULT '',
  contact      TEXT NOT NULL DEFAULT '',
  phone        TEXT NOT NULL DEFAULT '',
  community_id INTEGER REFERENCES community (id),
  note         TEXT NOT NULL DEFAULT '',
  pinyin       TEXT NOT NULL DEFAULT '',
  search       TEXT NOT NULL DEFAULT '',
  archived_at  TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX unit_community ON unit (community_id);

CREATE TABLE member (
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
  status        TEXT NOT NULL DEFAULT '在册' CHECK (status IN ('在册', '已转出')),
  note          TEXT NOT NULL DEFAULT '',
  pinyin        TEXT NOT NULL DEFAULT '',
  search        TEXT NOT NULL DEFAULT '',
  archived_at   TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;
-- A phone number belongs to one active member; transferred-out and archived members keep theirs.
CREATE UNIQUE INDEX member_phone_active ON member (phone) WHERE status = '在册' AND archived_at IS NULL;
CREATE INDEX member_phone ON member (phone);
CREATE INDEX member_id_card ON member (id_card) WHERE id_card IS NOT NULL;
CREATE INDEX member_community ON member (community_id, pinyin);
CREATE INDEX member_unit ON member (unit_id, pinyin);
CREATE INDEX member_pinyin ON member (pinyin);
CREATE INDEX member_registered ON member (registered_at);

CREATE TABLE event (
  id            INTEGER PRIMARY KEY,
  community_id  INTEGER NOT NULL REFERENCES community (id),
  title         TEXT NOT NULL,
  category      TEXT NOT NULL,
  date          TEXT NOT NULL,
  start_time    TEXT NOT NULL DEFAULT '',
  end_time      TEXT NOT NULL DEFAULT '',
  place         TEXT NOT NULL DEFAULT '',
  organiser     TEXT NOT NULL DEFAULT '',
  planned_count INTEGER NOT NULL DEFAULT 0,
  description   TEXT NOT NULL DEFAULT '',
  search        TEXT NOT NULL DEFAULT '',
  archived_at   TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX event_community ON event (community_id, date);
CREATE INDEX event_date ON event (date);

CREATE TABLE attendance (
  id         INTEGER PRIMARY KEY,
  event_id   INTEGER NOT NULL REFERENCES event (id),
  member_id  INTEGER NOT NULL REFERENCES member (id),
  signed_at  TEXT NOT NULL,
  hours      REAL NOT NULL CHECK (hours >= 0 AND hours <= 24),
  source     TEXT NOT NULL DEFAULT '手工' CHECK (source IN ('手工', '导入', '补录')),
  created_at TEXT NOT NULL,
  UNIQUE (event_id, member_id)
) STRICT;
CREATE INDEX attendance_member ON attendance (member_id);
-- totals of hours per activity (dashboard, reports) read from the index alone
CREATE INDEX attendance_event_hours ON attendance (event_id, hours);
`
