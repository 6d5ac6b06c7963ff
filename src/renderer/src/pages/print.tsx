/** Print-ready routes, shown without the app's frame: #/print/event/:id, #/print/report?kind=…&from=…&to=… and #/print/certificate?ids=…. */
import { useParams, useSearchParams } from 'react-router'
import { REPORT_KINDS, type ReportKind } from '../../../shared/api'
import { CertificatePages } from '../features/print/CertificatePages'
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

export function PrintCertificatePage() {
  const [params] = useSearchParams()
  const ids = [...new Set((params.get('ids') ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0))].slice(0, 1000)
  return <CertificatePages ids={ids} />
}
