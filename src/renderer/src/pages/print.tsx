/** Print-ready routes, shown without the app's frame: #/print/event/:id and #/print/report?kind=…&from=…&to=…. */
import { useParams, useSearchParams } from 'react-router'
import { REPORT_KINDS, type ReportKind } from '../../../shared/api'
import { EventSignInSheet } from '../features/print/EventSignInSheet'
import { ReportSheet } from '../features/print/ReportSheet'
import { today } from '../format'

export function PrintEventPage() {
  return <EventSignInSheet eventId={Number(useParams().id)} />
}

export function PrintReportPage() {
  const [params] = useSearchParams()
  const kind = (REPORT_KINDS as readonly string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as ReportKind) : 'registration'
  const date = (name: string, fallback: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(params.get(name) ?? '') ? params.get(name)! : fallback)
  const id = (name: string): number | undefined => (Number(params.get(name)) > 0 ? Number(params.get(name)) : undefined)
  const scope = {
    kind,
    from: date('from', today().startOf('year').format('YYYY-MM-DD')),
    to: date('to', today().format('YYYY-MM-DD')),
    communityId: id('communityId'),
    unitId: id('unitId')
  }
  return <ReportSheet scope={scope} />
}
