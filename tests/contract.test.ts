import { describe, expect, it } from 'vitest'
import { METHODS, schemas } from '../src/shared/api'
import { dump, raw, smallRegister, tempDb } from './helpers'

/** The field names a method's input object declares, read from its schema. */
function fieldsOf(method: (typeof METHODS)[number]): string[] {
  let s: unknown = schemas[method]
  // unwrap optional/default/pipe/refine wrappers down to the object
  for (let i = 0; i < 5 && s && !(s as { shape?: object }).shape; i++) {
    const def = (s as { def?: { innerType?: unknown; in?: unknown; schema?: unknown } }).def
    s = def?.innerType ?? def?.in ?? def?.schema
  }
  return Object.keys((s as { shape?: object })?.shape ?? {})
}

describe('every contract method rejects bad input with a Chinese message and changes nothing', () => {
  const badInputs: Array<[string, (m: (typeof METHODS)[number]) => unknown]> = [
    ['a number instead of an object', () => 42],
    ['a string', () => 'DROP TABLE member'],
    ['an array', () => [1, 2]],
    ['every field of the wrong type', (m) => Object.fromEntries(fieldsOf(m).map((f) => [f, { nested: true }]))],
    ['every field an oversized string', (m) => Object.fromEntries(fieldsOf(m).map((f) => [f, 'x'.repeat(100_000)]))]
  ]

  for (const method of METHODS) {
    it(method, async () => {
      const db = tempDb()
      smallRegister(db)
      let before = dump(db)
      for (const [what, make] of badInputs) {
        const input = make(method)
        // methods whose input is an empty object accept objects with extra keys; they must still not change data
        const r = await raw(db, method, input)
        if (r.ok) {
          // only a method without fields may accept an object with extra keys: for it that is valid input
          expect(fieldsOf(method), `${method} accepted ${what}`).toEqual([])
          expect(typeof input === 'object' && !Array.isArray(input)).toBe(true)
          before = dump(db)
        } else {
          expect(r.error.message, `${method} / ${what}`).toMatch(/[\u4e00-\u9fff]/)
          expect(['invalid', 'conflict', 'not_found']).toContain(r.error.code)
        }
        expect(dump(db), `${method} / ${what} changed the database`).toBe(before)
      }
    })
  }

  it('names the missing fields of a create', async () => {
    const db = tempDb()
    const r = await raw(db, 'member.create', {})
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.fields).toMatchObject({ name: '请填写姓名', phone: '请填写手机号', communityId: '居住村居应为数字', registeredAt: '请填写报到日期' })
      expect(r.error.message.startsWith('请检查:')).toBe(true)
    }
  })

  it('refuses an unknown method', async () => {
    const db = tempDb()
    const r = await raw(db, 'member.drop', {})
    expect(r).toEqual({ ok: false, error: { code: 'invalid', message: '未知的操作:member.drop' } })
    expect((await raw(db, { toString: 1 }, {})).ok).toBe(false)
  })
})
