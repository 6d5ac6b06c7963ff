import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { callAllPages, useApi } from '../../api'
import { PrintSheet } from '../../components/PrintSheet'
import { formatDate, formatHours } from '../../format'

/** An activity's sign-in list on A4: the activity's details, then everyone signed in, numbered, with room to sign. */
export function EventSignInSheet({ eventId }: { eventId: number }) {
  const event = useApi('event.get', { id: eventId })
  const org = useApi('app.info', {}).data?.orgName
  const [loading, setLoading] = useState<{ done: number; total: number } | null>(null)
  const list = useQuery({
    queryKey: ['print', 'attendance.list', eventId],
    queryFn: () => callAllPages('attendance.list', { eventId, sort: 'name', order: 'asc' }, (done, total) => setLoading({ done, total })),
    staleTime: 0
  })
  const e = event.data
  const rows = list.data?.rows ?? []
  return (
    <PrintSheet
      title={e ? `${e.title}签到表` : '签到表'}
      subtitle={org}
      rows={e && list.data ? rows.length : null}
      loading={loading}
      error={(event.error ?? list.error)?.message}
      details={
        e
          ? [
              ['举办村居', e.communityName],
              ['活动日期', formatDate(e.date)],
              ['活动时间', e.startTime ? `${e.startTime}–${e.endTime}` : '—'],
              ['活动地点', e.place || '—'],
              ['组织者', e.organiser || '—'],
              ['活动类别', e.category],
              ['签到人数', `${e.attendanceCount} 人${e.plannedCount ? `（计划 ${e.plannedCount} 人）` : ''}`],
              ['服务时长合计', formatHours(e.hours)],
              ...(e.needTitle ? ([['服务清单项目', e.needTitle]] as Array<[string, string]>) : [])
            ]
          : undefined
      }
    >
      <table className="print-table signing">
        <colgroup>
          <col style={{ width: '8%' }} />
          <col style={{ width: '13%' }} />
          <col style={{ width: '31%' }} />
          <col style={{ width: '16%' }} />
          <col style={{ width: '10%' }} />
          <col style={{ width: '22%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>序号</th>
            <th>姓名</th>
            <th>工作单位</th>
            <th>手机号</th>
            <th>服务时长</th>
            <th>签名</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a, i) => (
            <tr key={a.id}>
              <td className="center">{i + 1}</td>
              <td>{a.memberName}</td>
              <td>{a.unitName ?? ''}</td>
              <td className="center">{a.memberPhone}</td>
              <td className="num">{a.hours}</td>
              <td />
            </tr>
          ))}
        </tbody>
      </table>
      <div className="print-foot">
        <span>经办人：</span>
        <span>打印日期：{formatDate(new Date().toISOString().slice(0, 10))}</span>
      </div>
    </PrintSheet>
  )
}
