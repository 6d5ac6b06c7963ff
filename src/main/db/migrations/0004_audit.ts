/** 0004: the operation log (操作日志): append-only, kept at least 6 months. */
export default /* sql */ `
CREATE TABLE audit (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  operator TEXT NOT NULL DEFAULT '',
  kind     TEXT NOT NULL,
  method   TEXT NOT NULL,
  record   TEXT NOT NULL DEFAULT '',
  summary  TEXT NOT NULL
) STRICT;
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_kind ON audit (kind, at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
  SELECT RAISE(ABORT, '操作日志不能修改');
END;

CREATE TRIGGER audit_keep_six_months BEFORE DELETE ON audit
WHEN old.at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-183 days')
BEGIN
  SELECT RAISE(ABORT, '半年内的操作日志不能删除');
END;
`
