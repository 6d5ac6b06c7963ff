import { useQuery } from '@tanstack/react-query'
import { Alert } from 'antd'
import { useEffect } from 'react'
import type { CertificatePage } from '../../../../shared/api'
import { call } from '../../api'
import { PrintBar } from '../../components/PrintSheet'

const PRINT_CSS = `
@page { size: A4 portrait; margin: 18mm 20mm; }
@media print {
  html, body { background: #fff !important; }
  .no-print { display: none !important; }
  .print-page { padding: 0 !important; background: #fff !important; min-height: 0 !important; }
  .print-sheet.cert { box-shadow: none !important; margin: 0 !important; padding: 0 !important; width: auto !important; min-height: 0 !important; height: auto !important; }
}
`

const zhDate = (d: string): string => `${+d.slice(0, 4)}年${+d.slice(5, 7)}月${+d.slice(8, 10)}日`

/** One 志愿服务记录证明 on its own A4 page, with every field 民发〔2015〕149号 asks for. */
function Certificate({ c }: { c: CertificatePage }) {
  return (
    <div className="print-sheet cert" data-testid="certificate-page">
      <h1 className="cert-title">志愿服务记录证明{c.reprint ? '（补发）' : ''}</h1>
      <div className="cert-number">编号：{c.number}</div>
      {c.reprint && <div className="cert-reprint">{c.reprint}</div>}
      <p className="cert-body">
        兹证明 <b>{c.name}</b>（性别：{c.gender || '—'}，公民身份号码：<span data-testid="certificate-id">{c.idText}</span>
        {c.unit ? `，工作单位：${c.unit}` : ''}）于 {c.period} 期间，作为在职党员在{c.community ? ` ${c.community} ` : '居住地村居'}参加志愿服务，累计参加志愿服务活动 {c.activities} 次
        {c.claims ? `、完成服务清单认领 ${c.claims} 项` : ''}，志愿服务时长累计 <b>{c.hours}</b> 小时。
      </p>
      <p className="cert-line">志愿服务内容如下：</p>
      <table className="print-table cert-table">
        <colgroup>
          <col style={{ width: '56%' }} />
          <col style={{ width: '22%' }} />
          <col style={{ width: '22%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>服务内容</th>
            <th>次数（项）</th>
            <th>时长（小时）</th>
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
      <p className="cert-line">特此证明。</p>
      <div className="cert-sign">
        <div className="cert-stamp" aria-label="盖章处">
          盖章处
        </div>
        <div>出具单位（盖章）：{c.issuer}</div>
        <div>负责人（签字）：{c.personInCharge}</div>
        <div>出具日期：{zhDate(c.issuedOn)}</div>
      </div>
      <p className="cert-note">
        说明：本证明依据《志愿服务条例》和民政部《关于规范志愿服务记录证明工作的指导意见》（民发〔2015〕149号）出具，所载志愿服务时长以出具单位的志愿服务记录为准；证明编号在出具单位登记簿中可查，补发的证明沿用原编号。
      </p>
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
