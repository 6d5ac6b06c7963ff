import { useQuery } from '@tanstack/react-query'
import { Alert } from 'antd'
import { useEffect } from 'react'
import type { CertificatePage } from '../../../../shared/api'
import { certificateWording } from '../../../../shared/certificate'
import { call } from '../../api'
import { PrintBar } from '../../components/PrintSheet'

const PRINT_CSS = `
@page { size: A4 portrait; margin: 18mm 20mm; }
@media print {
  html, body { background: #fff !important; }
  .no-print { display: none !important; }
  .print-page { padding: 0 !important; background: #fff !important; min-height: 0 !important; }
  .print-sheet.cert { box-shadow: none !important; margin: 0 !important; padding: 0 !important; width: auto !important; min-height: 0 !important; height: auto !important; }
  /* the stamp's place is kept on paper, but not the dashed guide and its words */
  .cert-stamp { border-color: transparent !important; color: transparent !important; }
}
`

/** One 志愿服务记录证明 on its own A4 page, with every field 民发〔2015〕149号 asks for (worded in shared/certificate.ts). */
function Certificate({ c }: { c: CertificatePage }) {
  const w = certificateWording(c)
  return (
    <div className="print-sheet cert" data-testid="certificate-page">
      <h1 className="cert-title">{w.title}</h1>
      <div className="cert-number">{w.number}</div>
      {c.reprint && <div className="cert-reprint">{c.reprint}</div>}
      <p className="cert-body">
        {w.body.map((part, i) =>
          part.bold ? <b key={i}>{part.text}</b> : part.idNumber ? <span key={i} data-testid="certificate-id">{part.text}</span> : <span key={i}>{part.text}</span>
        )}
      </p>
      <p className="cert-line">{w.contentLine}</p>
      <table className="print-table cert-table">
        <colgroup>
          <col style={{ width: '56%' }} />
          <col style={{ width: '22%' }} />
          <col style={{ width: '22%' }} />
        </colgroup>
        <thead>
          <tr>
            {w.headers.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {c.content.map((l) => (
            <tr key={l.item}>
              <td>{l.item}</td>
              <td className="num">{l.count}</td>
              <td className="num">{l.hours}</td>
            </tr>
          ))}
          <tr className="cert-sum">
            <td className="center">合计</td>
            <td className="num">{c.activities + c.claims}</td>
            <td className="num">{c.hours}</td>
          </tr>
        </tbody>
      </table>
      <p className="cert-line">{w.closing}</p>
      <div className="cert-sign">
        <div className="cert-stamp" aria-label="盖章处">
          盖章处
        </div>
        {w.sign.map((line) => (
          <div key={line}>{line}</div>
        ))}
      </div>
      <p className="cert-note">{w.note}</p>
    </div>
  )
}

/**
 * #/print/certificate?ids=…: each certificate on its own A4 portrait page, then the print dialog. The pages come
 * from main through a logged call (the whole ID number shows only where the clerk chose it at issue).
 */
export function CertificatePages({ ids }: { ids: number[] }) {
  const q = useQuery({
    queryKey: ['print', 'certificate.pages', ids.join(',')],
    queryFn: () => call('certificate.pages', { ids }),
    enabled: ids.length > 0,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false
  })
  const pages = q.data?.pages ?? []
  const ready = pages.length > 0
  useEffect(() => {
    document.title = pages.length === 1 ? `志愿服务记录证明 ${pages[0].number}` : '志愿服务记录证明'
  }, [pages])
  const error = ids.length ? q.error?.message : '没有选择要打印的证明，请从证明登记簿选择后再打印。'
  return (
    <div className="print-page">
      <style>{PRINT_CSS}</style>
      <PrintBar ready={ready} autoPrint note={`共 ${pages.length} 份，每份一页，A4 纵向`} />
      {error && <Alert className="no-print" type="error" showIcon title={error} style={{ maxWidth: 720, margin: '16px auto' }} />}
      {!ready && !error && <p className="print-wait">正在准备打印内容…</p>}
      {pages.map((c) => (
        <Certificate key={c.id} c={c} />
      ))}
    </div>
  )
}
