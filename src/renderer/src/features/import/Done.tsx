import { Button, Card, Result } from 'antd'
import { useNavigate } from 'react-router'
import type { ImportBatch } from '../../../../shared/api'

/** What a batch did, in a line: people, sign-ins, rows skipped by reason, activities and units created. */
export function batchSummary(b: ImportBatch): string {
  const skipped = b.skippedReasons.length ? `(${b.skippedReasons.map((s) => `${s.reason} ${s.rows} 行`).join('、')})` : ''
  if (b.kind === 'unit') return `新建单位 ${b.unitsCreated} 个，更新单位 ${b.unitsUpdated} 个，新增结对 ${b.pairingsCreated} 条，跳过 ${b.skipped} 行${skipped}`
  return [
    `新增 ${b.membersCreated} 人，更新 ${b.membersUpdated} 人，签到 ${b.attendance} 人次，跳过 ${b.skipped} 行${skipped}`,
    b.eventsCreated ? `，新建活动 ${b.eventsCreated} 个` : '',
    b.unitsCreated ? `，新建单位 ${b.unitsCreated} 个` : ''
  ].join('')
}

export function Done({ batch, eventId }: { batch: ImportBatch; eventId?: number }) {
  const navigate = useNavigate()
  const only = eventId ?? (batch.events.length === 1 ? batch.events[0].id : undefined)
  return (
    <Card>
      <Result
        status="success"
        title={`第 ${batch.id} 批导入完成`}
        subTitle={`${batchSummary(batch)}。`}
        extra={[
          only ? (
            <Button type="primary" key="event" onClick={() => navigate(`/events/${only}`)}>
              查看活动签到
            </Button>
          ) : batch.events.length ? (
            <Button type="primary" key="events" onClick={() => navigate('/events')}>
              查看活动（{batch.events.map((e) => e.title).join('、')})
            </Button>
          ) : batch.kind === 'unit' ? (
            <Button type="primary" key="units" onClick={() => navigate('/units')}>
              查看单位名单
            </Button>
          ) : (
            <Button type="primary" key="members" onClick={() => navigate('/members')}>
              查看党员名单
            </Button>
          ),
          <Button key="list" onClick={() => navigate('/imports')}>
            查看导入记录
          </Button>
        ]}
      />
    </Card>
  )
}
