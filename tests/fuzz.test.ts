import { describe, expect, it } from 'vitest'
import { fuzzImporter } from './fuzz/fuzz'
import { smallRegister, tempDb } from './helpers'
import { fileHash, registers } from './import-helpers'

describe('fuzzing the importer', () => {
  it('answers every mutated file in time, in Chinese, without touching the database or Object.prototype', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    const before = [registers(db), fileHash(db)]
    const r = await fuzzImporter(db, event.id, Number(process.env.REDVEST_FUZZ_SECONDS ?? 5))
    expect(r.failures).toEqual([])
    expect(r.cases).toBeGreaterThan(10)
    expect(r.peakRssMb).toBeLessThan(1024)
    expect([registers(db), fileHash(db)]).toEqual(before)
  }, 120_000)
})
