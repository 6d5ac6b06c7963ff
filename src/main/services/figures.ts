/**
 * Every figure the app shows or exports, defined once. Reports, the dashboard and pages build on these
 * fragments (SQL over @from, @to and optionally @community, @unit), so the same figure for the same range and
 * scope reads the same everywhere. All of them use the registration spans in force at the time, so a change
 * made today (a transfer, a move, an archive) never alters a closed period.
 *
 * - 报到党员: members with a registration in force on @to, counted in that registration's community.
 * - 期间新报到: registrations that began within the range (a move home counts in the new community).
 * - 开展活动 / 活动签到人次: activities a community held in the range (archived ones excluded), and everyone who
 *   signed in at them — registered members, members registered elsewhere and people who have not reported.
 * - 党员参与人次 / 参与人数: sign-ins in the range by members registered on the activity's date, counted in
 *   the community of that registration (where they live), wherever the activity was; 人数 counts each once.
 * - 活动时长: the hours of those sign-ins. 认领时长: hours of claims completed in the range by members
 *   registered on the day they finished. 服务时长 = 活动时长 + 认领时长.
 * - 参与率 = 参与人数 / 报到党员, one decimal.
 * - 服务清单 (as of @to): needs listed by then; 已认领: with a claim made by then and not given up by then;
 *   已完成: with as many claims completed by then as the places it asked for.
 * - 满意率 = (满意 + 基本满意) / all evaluations dated in the range.
 * - The unit side (单位报到): pairings in force on @to (结对村居), a unit's 共建项目 in effect / completed in the range,
 *   and the activities it organised (组织活动 场次) with everyone who signed in at them (人次). Members' hours under
 *   a unit's completed project are their 认领时长 (CLAIMS_DONE), so 服务时长 includes them.
 */

/** A registration span `r` in force on the date expression `d`. */
export const inForce = (r: string, d: string): string => `${r}.start_date <= ${d} AND (${r}.ended_on IS NULL OR ${r}.ended_on > ${d})`

/** 报到党员: one row per member registered on @to, with the community of that registration. */
export const REGISTERED_ON_TO = `
  SELECT r.member_id, r.community_id, r.start_date FROM registration r
  WHERE ${inForce('r', '@to')} AND (@community IS NULL OR r.community_id = @community)
    AND (@unit IS NULL OR r.member_id IN (SELECT id FROM member WHERE unit_id = @unit))`

/** 期间新报到: registrations that began in the range. */
export const NEW_REGISTRATIONS = `
  SELECT r.member_id, r.community_id FROM registration r
  WHERE r.start_date BETWEEN @from AND @to AND (@community IS NULL OR r.community_id = @community)
    AND (@unit IS NULL OR r.member_id IN (SELECT id FROM member WHERE unit_id = @unit))`

/** Activities held in the range (not archived), by the community that held them. */
export const EVENTS_HELD = `
  SELECT e.id, e.community_id, e.date FROM event e
  WHERE e.archived_at IS NULL AND e.date BETWEEN @from AND @to AND (@community IS NULL OR e.community_id = @community)`

/** 活动签到人次: everyone who signed in at activities held in the range, by the host community. */
export const HOST_SIGN_INS = `
  SELECT a.id, a.member_id, a.hours, e.date, e.community_id AS host_id FROM attendance a JOIN event e ON e.id = a.event_id
  WHERE e.archived_at IS NULL AND e.date BETWEEN @from AND @to AND (@community IS NULL OR e.community_id = @community)`

/**
 * 党员参与: sign-ins in the range by members registered on the activity's date, by the community of that registration.
 * attendance.home_id is that community — `inForce(registration, event.date)` — kept by triggers (migration 0005)
 * whenever a sign-in, a registration span or an activity's date changes; tests check it against the spans.
 */
export const MEMBER_SIGN_INS = `
  SELECT a.id, a.member_id, a.hours, e.date, e.id AS event_id, a.home_id FROM attendance a
  JOIN event e ON e.id = a.event_id
  WHERE a.home_id IS NOT NULL AND e.archived_at IS NULL AND e.date BETWEEN @from AND @to AND (@community IS NULL OR a.home_id = @community)
    AND (@unit IS NULL OR EXISTS (SELECT 1 FROM member mu WHERE mu.id = a.member_id AND mu.unit_id = @unit))`

/**
 * The sign-ins of HOST_SIGN_INS, summed per activity held in the range and community of registration (table
 * sign_in_tally, kept by the triggers of its migration): SUM(n) is 活动签到人次 and equals COUNT(*) of HOST_SIGN_INS.
 * home_id is 0 for people not registered on the activity's date.
 */
export const HOST_TALLY = `
  SELECT t.event_id, e.date, e.community_id AS host_id, t.home_id, t.n, t.hours FROM event e JOIN sign_in_tally t ON t.event_id = e.id
  WHERE e.archived_at IS NULL AND e.date BETWEEN @from AND @to AND (@community IS NULL OR e.community_id = @community)`

/**
 * The sign-ins of MEMBER_SIGN_INS, summed the same way: SUM(n) and SUM(hours) are 党员参与人次 and 活动时长.
 * No @unit (the tally has no members): a figure for one unit reads MEMBER_SIGN_INS.
 */
export const MEMBER_TALLY = `
  SELECT t.event_id, e.date, t.home_id, t.n, t.hours FROM event e JOIN sign_in_tally t ON t.event_id = e.id
  WHERE e.archived_at IS NULL AND e.date BETWEEN @from AND @to AND t.home_id != 0 AND (@community IS NULL OR t.home_id = @community)`

/**
 * 党员参与人数 from the first record to @to: each member once per community of registration they signed in for
 * (table participant: the date of their first sign-in there, kept by triggers). The same rows as
 * SELECT DISTINCT member_id, home_id FROM MEMBER_SIGN_INS, for any @from on or before the first activity. No @unit.
 */
export const PARTICIPANTS_TO = `
  SELECT p.member_id, p.home_id FROM participant p WHERE p.first_date <= @to AND (@community IS NULL OR p.home_id = @community)`

/** The same, from the spans themselves: what home_id must always equal (checked by tests). */
export const HOME_BY_SPANS = (a: string): string =>
  `(SELECT r.community_id FROM registration r JOIN event e ON e.id = ${a}.event_id WHERE r.member_id = ${a}.member_id AND ${inForce('r', 'e.date')} LIMIT 1)`

/**
 * 认领时长: claims completed in the range by members registered on the day they finished — a member's own claim
 * (id = claim.id, unit_claim_id NULL), and each member's hours recorded under a unit's completed 共建项目
 * (id = −unit_claim_member.id, so an id names one record across both; unit_claim_id = the unit's claim), dated
 * on the day the unit's claim was completed. Counting a unit's projects themselves (认领/完成 项) is
 * UNIT_CLAIMS_ACTIVE / UNIT_CLAIMS_DONE below; members' 认领(项) stay their own claims (unit_claim_id IS NULL).
 */
export const CLAIMS_DONE = `
  SELECT k.id, k.member_id, k.need_id, k.hours, k.finished_on, r.community_id AS home_id, NULL AS unit_claim_id FROM claim k
  JOIN registration r ON r.member_id = k.member_id AND ${inForce('r', 'k.finished_on')}
  WHERE k.status = '已完成' AND k.finished_on BETWEEN @from AND @to AND (@community IS NULL OR r.community_id = @community)
    AND (@unit IS NULL OR k.member_id IN (SELECT id FROM member WHERE unit_id = @unit))
  UNION ALL
  SELECT -s.id, s.member_id, uk.need_id, s.hours, uk.finished_on, r.community_id, uk.id FROM unit_claim uk
  JOIN unit_claim_member s ON s.unit_claim_id = uk.id
  JOIN registration r ON r.member_id = s.member_id AND ${inForce('r', 'uk.finished_on')}
  WHERE uk.status = '已完成' AND uk.finished_on BETWEEN @from AND @to AND (@community IS NULL OR r.community_id = @community)
    AND (@unit IS NULL OR s.member_id IN (SELECT id FROM member WHERE unit_id = @unit))`

/** 服务清单 as of @to, one row per need listed by then, with whether it was claimed and completed by then. */
export const NEEDS_AS_OF = `
  SELECT n.id, n.community_id, n.category, n.places,
         (EXISTS (SELECT 1 FROM claim k WHERE k.need_id = n.id AND k.claimed_on <= @to AND NOT (k.status = '已放弃' AND k.finished_on <= @to))
          OR EXISTS (SELECT 1 FROM unit_claim k WHERE k.need_id = n.id AND k.claimed_on <= @to AND NOT (k.status = '已放弃' AND k.finished_on <= @to))) AS claimed,
         (SELECT COUNT(*) FROM claim k WHERE k.need_id = n.id AND k.status = '已完成' AND k.finished_on <= @to)
           + (SELECT COUNT(*) FROM unit_claim k WHERE k.need_id = n.id AND k.status = '已完成' AND k.finished_on <= @to) >= n.places AS completed
  FROM need n WHERE date(n.created_at, '+8 hours') <= @to AND (@community IS NULL OR n.community_id = @community)`

/** An entry `x` of a unit's 应报到名单 and the member `m` it names: by phone, ID number, or name within the unit. */
export const EXPECTED_MATCH = (x: string, m: string): string =>
  `((${x}.phone != '' AND ${m}.phone = ${x}.phone) OR (${x}.id_card != '' AND ${m}.id_card = ${x}.id_card) OR (${m}.name = ${x}.name AND ${m}.unit_id = ${x}.unit_id))`

/** The member an entry `x` of a unit's 应报到名单 names who is registered on the date `d`, or NULL. */
export const EXPECTED_MEMBER = (x: string, d: string): string =>
  `(SELECT m.id FROM member m JOIN registration r ON r.member_id = m.id AND ${inForce('r', d)} WHERE ${EXPECTED_MATCH(x, 'm')} LIMIT 1)`

/** An entry `x` of a unit's 应报到名单 whose person is registered on @to. */
export const EXPECTED_REGISTERED = (x: string): string => `${EXPECTED_MEMBER(x, '@to')} IS NOT NULL`

// ---------- the unit side of 双报到 ----------

/**
 * Every claim of a need, a member's or a unit's (共建项目: one place, like a member's claim), with who made it
 * (a unit as "名称(单位)") — what a need's places, status and 认领/完成 counts are made of.
 */
export const ALL_CLAIMS = `
  SELECT k.id, k.need_id, k.status, k.claimed_on, k.finished_on, m.name AS who, 0 AS unit_claim FROM claim k JOIN member m ON m.id = k.member_id
  UNION ALL
  SELECT k.id, k.need_id, k.status, k.claimed_on, k.finished_on, u.name || '(单位)', 1 FROM unit_claim k JOIN unit u ON u.id = k.unit_id`

/** 单位报到: one row per pairing (unit ↔ community) in force on @to; a pairing `p` is in force like a registration span. */
export const PAIRINGS_ON_TO = `
  SELECT p.id, p.unit_id, p.community_id, p.start_date FROM unit_pairing p
  WHERE ${inForce('p', '@to')} AND (@community IS NULL OR p.community_id = @community) AND (@unit IS NULL OR p.unit_id = @unit)`

/**
 * 共建项目 认领: a unit's claims of needs in effect in the range — made by @to, not given up before @from and not
 * finished before @from (the rule members' 认领(项) follow). 完成: completed in the range.
 */
export const UNIT_CLAIMS_ACTIVE = `
  SELECT k.id, k.unit_id, k.need_id FROM unit_claim k
  WHERE k.claimed_on <= @to AND NOT (k.status = '已放弃' AND k.finished_on < @from) AND COALESCE(k.finished_on, @to) >= @from
    AND (@unit IS NULL OR k.unit_id = @unit)`
export const UNIT_CLAIMS_DONE = `
  SELECT k.id, k.unit_id, k.need_id, k.finished_on FROM unit_claim k
  WHERE k.status = '已完成' AND k.finished_on BETWEEN @from AND @to AND (@unit IS NULL OR k.unit_id = @unit)`

/** 组织活动: activities held in the range (not archived) that a unit organised (组织单位), by that unit. */
export const UNIT_EVENTS = `
  SELECT e.id, e.unit_id, e.community_id, e.date FROM event e
  WHERE e.unit_id IS NOT NULL AND e.archived_at IS NULL AND e.date BETWEEN @from AND @to AND (@unit IS NULL OR e.unit_id = @unit)`

/** 组织活动人次: everyone who signed in at those activities (as 活动签到人次 counts them), for the organising unit. */
export const UNIT_EVENT_SIGN_INS = `
  SELECT a.id, a.member_id, a.hours, e.date, e.unit_id FROM attendance a JOIN event e ON e.id = a.event_id
  WHERE e.unit_id IS NOT NULL AND e.archived_at IS NULL AND e.date BETWEEN @from AND @to AND (@unit IS NULL OR e.unit_id = @unit)`

/** A rate in percent with one decimal, or null when there is nothing to divide by. */
export const rate = (part: string, whole: string): string => `CASE WHEN COALESCE(${whole}, 0) = 0 THEN NULL ELSE ROUND(100.0 * COALESCE(${part}, 0) / ${whole}, 1) END`

export const round2 = (expr: string): string => `ROUND(COALESCE(${expr}, 0), 2)`

/** The text each report prints under its table: how its numbers are counted, in one sentence each. */
export const RULES = {
  hours: '服务时长=活动时长+认领时长;认领时长为期间内完成的认领所记录的时长(含单位共建项目中为本人登记的时长)。',
  needs: '服务清单按截至日期计:已列出的项目、当时已有人认领且未放弃的、完成人数达到需认领人数的。',
  satisfaction: '满意率=(满意+基本满意)÷评价总数。',
  /** report 1's note, short enough for its one printed page */
  registrationReport:
    '报到党员为截至日期报到在册的人数,期间新报到含复报到和迁入;本村居活动签到人次含未报到人员;党员参与按活动当天的报到村居计,参与率=截至日期报到党员中期间参加过活动的比例;服务时长=活动时长+认领时长;服务清单按截至日期计。'
} as const
