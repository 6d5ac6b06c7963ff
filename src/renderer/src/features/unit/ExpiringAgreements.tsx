import { Card, List, Tag, Typography } from 'antd'
import { Link } from 'react-router'
import { useApi } from '../../api'

/** 工作台: 共建协议 ending within 30 days of the date, and those that have ended while the pairing goes on. */
export function ExpiringAgreementsCard({ asOf }: { asOf: string }) {
  const list = useApi('agreement.expiring', { asOf, days: 30 })
  const rows = list.data ?? []
  return (
    <Card title={`共建协议到期提醒（截至 ${asOf}：30天内到期及已到期未续签）`} size="small" loading={list.isLoading} data-testid="expiring-agreements">
      <List
        size="small"
        dataSource={rows}
        locale={{ emptyText: '没有30天内到期或已到期未续签的共建协议' }}
        renderItem={(g) => (
          <List.Item>
            <Link to={`/units/${g.unitId}`}>{g.unitName}</Link>
            <span style={{ margin: '0 8px' }}>—</span>
            {g.communityName}
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              协议至 {g.validTo}
            </Typography.Text>
            <span style={{ marginLeft: 'auto' }}>{g.daysLeft < 0 ? <Tag color="red">已到期 {-g.daysLeft} 天，请续签</Tag> : <Tag color="orange">{g.daysLeft === 0 ? '今天到期' : `${g.daysLeft} 天后到期`}</Tag>}</span>
          </List.Item>
        )}
      />
    </Card>
  )
}
