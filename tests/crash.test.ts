import { describe, expect, it } from 'vitest'
import { checkAfterCrash } from './crash/check'
import { killAfter } from './crash/kill'
import { tempDir } from './helpers'

describe('a crash at any moment', () => {
  it('leaves a whole database and whole transactions, over 20 SIGKILLs', async () => {
    const dir = tempDir()
    const kills = Number(process.env.REDVEST_KILLS ?? 20)
    for (let k = 0; k < kills; k++) {
      await killAfter(dir, 50 + Math.floor(Math.random() * 700))
      expect(checkAfterCrash(dir), `after kill ${k + 1}`).toEqual([])
    }
  }, 300_000)
})
