import { Button, Card, Result } from 'antd'
import { useNavigate } from 'react-router'
import type { ImportBatch } from '../../../../shared/api'

export function Done({ batch, eventId }: { batch: ImportBatch; eventId?: number }) {
  const navigate = useNavigate()
  return (
    <Card>
      <Result
        status="success"
        title={`第 ${batch.id} 批导入完成`}
        subTitle={`新增 ${batch.membersCreated} 人，更新 ${batch.membersUpdated} 人，签到 ${batch.attendance} 人次，跳过 ${batch.skipped} 行${batch.unitsCreated ? `，新建单位 ${batch.unitsCreated} 个` : ''}。`}
        extra={[
          eventId ? (
            <Button type="primary" key="event" onClick={() => navigate(`/events/${eventId}`)}>
              查看活动签到
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
