import type { ImportKind, ImportSummary } from '../../../../shared/api'

/** What committing would do, as lines the clerk reads before confirming. */
export function summaryLines(kind: ImportKind, s: ImportSummary): string[] {
  const lines: string[] = []
  if (kind === 'unit') {
    const skipped = s.skipped.reduce((n, x) => n + x.rows, 0)
    return [`新建单位 ${s.created} 个`, `更新单位或新增结对 ${s.updated} 个`, `跳过 ${skipped} 行${skipped ? `（${s.skipped.map((x) => `${x.reason} ${x.rows} 行`).join('、')}）` : ''}`]
  }
  if (s.activitiesCreated || s.activitiesExisting) lines.push(`新建活动 ${s.activitiesCreated} 个${s.activitiesExisting ? `，导入到已有活动 ${s.activitiesExisting} 个` : ''}`)
  if (kind === 'signin') lines.push(`新增未报到人员 ${s.unregistered} 人`)
  else lines.push(`新建党员 ${s.created} 人`)
  lines.push(`更新 ${s.updated} 人${s.reported ? `（其中原未报到人员报到 ${s.reported} 人）` : ''}`)
  if (kind === 'signin') lines.push(`签到 ${s.signIns} 人次`)
  const skipped = s.skipped.reduce((n, x) => n + x.rows, 0)
  lines.push(`跳过 ${skipped} 行${skipped ? `(${s.skipped.map((x) => `${x.reason} ${x.rows} 行`).join('、')})` : ''}`)
  if (s.sharedPhones) lines.push(`其中 ${s.sharedPhones} 人与他人使用同一手机号，已按不同的人导入`)
  return lines
}

export function Summary({ kind, summary }: { kind: ImportKind; summary: ImportSummary }) {
  return (
    <ul style={{ margin: '8px 0', paddingLeft: 20 }} aria-label="导入概要">
      {summaryLines(kind, summary).map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  )
}
