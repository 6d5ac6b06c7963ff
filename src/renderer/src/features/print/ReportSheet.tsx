import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { ReportKind } from '../../../../shared/api'
import { callAllPages, useApi } from '../../api'
import { PrintSheet } from '../../components/PrintSheet'
import { formatDate } from '../../format'

export type ReportScope = { kind: ReportKind; from: string; to: string; communityId?: number; unitId?: number }

/** A report on A4 (landscape when it has many columns): title, period and scope, every row numbered, the 合计 row and the note. */
export function ReportSheet({ scope }: { scope: ReportScope }) {
  const org = useApi('app.info', {}).data?.orgName
  const communities = useApi('community.options', {}, !!scope.communityId).data
  const units = useApi('unit.options', {}, !!scope.unitId).data
  const [loading, setLoading] = useState<{ done: number; total: number } | null>(null)
  const report = useQuery({
    queryKey: ['print', 'report.get', scope],
    queryFn: () => callAllPages('report.get', scope, (done, total) => setLoading({ done, total })),
    staleTime: 0
  })
  const r = report.data
  const where = [
    scope.communityId && (communities?.find((c) => c.id === scope.communityId)?.name ?? '所选村居'),
    scope.unitId && (units?.find((u) => u.id === scope.unitId)?.name ?? '所选单位')
  ].filter(Boolean)
  const landscape = (r?.columns.length ?? 0) > 6
  // the sheet is as wide as the paper: each column gets its share of it by main's width hints
  const share = (w: number): number => (w / (5 + (r?.columns ?? []).reduce((t, c) => t + c.width, 0))) * 100
  return (
    <PrintSheet
      title={r?.title ?? '报表'}
      subtitle={org}
      rows={r ? r.rows.length : null}
      loading={loading}
      error={report.error?.message}
      landscape={landscape}
      details={[
        ['统计时间', `${formatDate(scope.from)}至${formatDate(scope.to)}`],
        ['统计范围', where.length ? where.join('，') : '全部村居和单位']
      ]}
    >
      {r && (
        <>
          <table className="print-table" style={{ fontSize: r.columns.length > 9 ? '9pt' : undefined }}>
            <colgroup>
              <col style={{ width: `${share(5)}%` }} />
              {r.columns.map((c) => (
                <col key={c.key} style={{ width: `${share(c.width)}%` }} />
              ))}
            </colgroup>
            <thead>
              <tr>
                <th>序号</th>
                {r.columns.map((c) => (
                  <th key={c.key}>{c.title}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.rows.map((row, i) => (
                <tr key={i}>
                  <td className="center">{i + 1}</td>
                  {r.columns.map((c) => (
                    <td key={c.key} className={c.numeric ? 'num' : undefined}>
                      {row[c.key] ?? '—'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            {r.sum && (
              <tfoot>
                <tr style={{ fontWeight: 600 }}>
                  <td className="center">合计</td>
                  {r.columns.map((c, i) => (
                    <td key={c.key} className={c.numeric ? 'num' : undefined}>
                      {i === 0 && r.sum![c.key] === '合计' ? '' : (r.sum![c.key] ?? '')}
                    </td>
                  ))}
                </tr>
              </tfoot>
            )}
          </table>
          {r.note && <p className="print-note">说明：{r.note}</p>}
          <div className="print-foot">
            <span>制表人：</span>
            <span>打印日期：{formatDate(new Date().toISOString().slice(0, 10))}</span>
          </div>
        </>
      )}
    </PrintSheet>
  )
}
