/** The policy table: every method has one, and a read method writes nothing and logs nothing. */
import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import { call } from '../src/main/api'
import { handlers } from '../src/main/api'
import { METHODS, POLICIES, schemas, type Input, type Member, type Method } from '../src/shared/api'
import { maskPhone, type MaskedPhone } from '../src/shared/text'
import { smallRegister, tempDb } from './helpers'
import { commit, read } from './import-helpers'

type ReadMethod = { [M in Method]: (typeof POLICIES)[M]['kind'] extends 'read' ? M : never }[Method]

describe('method policies', () => {
  it('every method of the contract has a policy, a schema and a handler, and nothing else has', () => {
    expect(Object.keys(POLICIES).sort()).toEqual([...METHODS].sort())
    expect(Object.keys(schemas).sort()).toEqual([...METHODS].sort())
    expect(Object.keys(handlers).sort()).toEqual([...METHODS].sort())
    for (const m of METHODS) expect(['read', 'write', 'asyncWrite', 'file']).toContain(POLICIES[m].kind)
  })

  it('read methods change nothing in the database and write no log entry', async () => {
    const db = tempDb()
    const { a, lihao, unit, zhang, event } = smallRegister(db)
    a('attendance.add', { eventId: event.id, memberIds: [zhang.id] })
    const need = a('need.create', { communityId: lihao.id, title: '楼道清理', category: '其他' })
    a('claim.add', { needId: need.id, memberIds: [zhang.id] })
    const forum = a('event.create', { communityId: lihao.id, title: '座谈会', category: '座谈会', date: '2020-05-10' })
    a('suggestion.create', { eventId: forum.id, text: '增设快递柜', resident: '陈阿姨' })
    const wb = XLSX.utils.book_new()
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['姓名', '手机号'], ['张三', '13800138000']]), '签到')
    const fileBase64 = (XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer).toString('base64')
    const range = { from: '2020-01-01', to: '2020-12-31' }
    a('member.create', { name: '王五', phone: '13800138009', communityId: lihao.id, registeredAt: '2020-01-01' })
    const sheet = XLSX.utils.book_new()
    XLSX.utils.book_append_sheet(sheet, XLSX.utils.aoa_to_sheet([['姓名', '手机号'], ['王五', '13800138009']]), '签到')
    const imported = await read(db, 'signin', '王五签到.xlsx', XLSX.write(sheet, { type: 'buffer', bookType: 'xlsx' }) as Buffer, { eventId: event.id })
    const batch = await commit(db, 'signin', imported, event.id)

    // a valid input for every read method: a new read method fails here until it has one
    const inputs: { [M in ReadMethod]: Input<M> } = {
      'app.info': {},
      'community.list': { keyword: 'lh' },
      'community.options': {},
      'community.get': { id: lihao.id },
      'unit.list': {},
      'unit.options': {},
      'unit.get': { id: unit.id },
      'unit.record': { id: unit.id, ...range },
      'pairing.list': { unitId: unit.id },
      'agreement.list': { unitId: unit.id },
      'agreement.expiring': { asOf: '2020-12-31' },
      'unitClaim.list': { needId: need.id },
      'expected.list': { unitId: unit.id },
      'member.list': { keyword: '张' },
      'member.get': { id: zhang.id },
      'member.attendance': { memberId: zhang.id },
      'member.history': { memberId: zhang.id },
      'event.list': {},
      'event.get': { id: event.id },
      'attendance.list': { eventId: event.id },
      'import.read': { kind: 'signin', eventId: event.id, fileName: '签到.xlsx', fileBase64 },
      'import.check': { kind: 'signin', eventId: event.id, rows: [{ index: 1, values: { name: '张三', phone: '13800138000' } }] },
      'import.list': {},
      'import.undoCheck': { id: batch.id },
      'need.list': {},
      'need.get': { id: need.id },
      'need.suggest': { needId: need.id },
      'claim.list': { needId: need.id },
      'suggestion.list': { eventId: forum.id },
      'feedback.list': { communityId: lihao.id },
      'report.get': { kind: 'registration', ...range },
      'report.cancel': { jobId: 'none' },
      'dashboard.get': { asOf: '2020-12-31' },
      'audit.list': {},
      'backup.list': {},
      'assessment.scheme': { year: 2020 },
      'assessment.results': { year: 2020, period: 'Y' },
      'assessment.member': { memberId: zhang.id, year: 2020, period: 'Y' },
      'assessment.atRisk': { asOf: '2020-12-31' },
      'assessment.summary': { year: 2020, period: 'Y' },
      'certificate.list': {},
      'certificate.preview': { memberId: zhang.id, ...range },
      'unitFeedback.list': { year: 2020, period: 'Y' }
    }
    const reads = METHODS.filter((m) => POLICIES[m].kind === 'read')
    expect(Object.keys(inputs).sort()).toEqual([...reads].sort())

    const changes = (): number => db.prepare('SELECT total_changes()').pluck().get() as number
    const logged = (): number => db.prepare('SELECT COUNT(*) FROM audit').pluck().get() as number
    const [changesBefore, loggedBefore, version] = [changes(), logged(), db.pragma('data_version', { simple: true })]
    for (const m of reads) {
      const r = await call(db, m, inputs[m as ReadMethod])
      expect(r, m).toMatchObject({ ok: true })
      expect(changes(), m).toBe(changesBefore)
      expect(logged(), m).toBe(loggedBefore)
    }
    expect(db.pragma('data_version', { simple: true })).toBe(version)
  })
})

describe('masked numbers', () => {
  it('a raw string cannot stand where a masked phone is expected; only maskPhone makes one', () => {
    // @ts-expect-error a full number is not a MaskedPhone
    const raw: MaskedPhone = '13800138000'
    // @ts-expect-error nor can it fill a member's phone in an output
    const member: Pick<Member, 'phone'> = { phone: '13800138000' }
    const masked: MaskedPhone = maskPhone('13800138000')
    expect([raw, member.phone, masked]).toEqual(['13800138000', '13800138000', '138****8000'])
  })
})
