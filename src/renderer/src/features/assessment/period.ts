/** The year and period a 考核 view shows, kept in the address (?year=2025&period=H1) so a link or a reload keeps them. */
import { useSearchParams } from 'react-router'
import { PERIOD_LABELS, type AssessPeriod, type Scheme } from '../../../../shared/api'
import { useApi } from '../../api'
import { today } from '../../format'

export const periodsOf = (s: Scheme | undefined): AssessPeriod[] => (s?.period === 'halves' ? ['H1', 'H2'] : ['Y'])
export const periodOptions = (s: Scheme | undefined) => periodsOf(s).map((p) => ({ value: p, label: PERIOD_LABELS[p] }))

export function usePeriodParams() {
  const [params, setParams] = useSearchParams()
  const year = Number(params.get('year')) || today().year()
  const scheme = useApi('assessment.scheme', { year })
  const periods = periodsOf(scheme.data?.scheme)
  const asked = params.get('period') as AssessPeriod | null
  const period: AssessPeriod = asked && periods.includes(asked) ? asked : periods[0]
  const set = (patch: Record<string, string | number | undefined>): void => {
    // from the address as it is now: two changes in quick succession (a tab, then a year) must not undo each other
    const next = new URLSearchParams(window.location.hash.split('?')[1] ?? '')
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k)
      else next.set(k, String(v))
    }
    setParams(next, { replace: true })
  }
  return { year, period, scheme, set, params }
}

/** Points and hours as the clerk reads them: 60.5, not 60.50000001. */
export const num = (n: number): string => String(Math.round(n * 100) / 100)
