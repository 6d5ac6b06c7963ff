import { Table, Tag } from 'antd'
import { Link } from 'react-router'
import type { Feedback } from '../../../../shared/api'
import { useApi } from '../../api'
import { useColumns } from '../../components/columns'
import { usePage } from '../../components/list'

const RATING_COLORS = { 满意: 'green', 基本满意: 'blue', 不满意: 'red' } as const

export function FeedbackTable({ memberId, communityId }: { memberId?: number; communityId?: number }) {
  const { page, pagination } = usePage(10)
  const list = useApi('feedback.list', { memberId, communityId, ...page })
  const { columns, scroll } = useColumns<Feedback>(undefined, [
    { title: '日期', dataIndex: 'date', key: 'date', width: 108 },
    !memberId && { title: '党员', dataIndex: 'memberName', key: 'member', width: 90, clip: true, render: (v: string, f: Feedback) => <Link to={`/members/${f.memberId}`}>{v}</Link> },
    { title: '服务', key: 'service', width: 240, clip: (f) => (f.eventId ? `活动：${f.eventTitle}` : `认领：${f.needTitle}`), render: (_, f) => (f.eventId ? <Link to={`/events/${f.eventId}`}>活动：{f.eventTitle}</Link> : `认领：${f.needTitle}`) },
    { title: '评价', dataIndex: 'rating', key: 'rating', width: 90, render: (r: Feedback['rating']) => <Tag color={RATING_COLORS[r]}>{r}</Tag> },
    { title: '群众意见', dataIndex: 'comment', key: 'comment', width: 200, clip: true },
    { title: '群众', key: 'resident', width: 160, clip: (f) => [f.residentName, f.residentPhone].filter(Boolean).join(' '), render: (_, f) => [f.residentName, f.residentPhone].filter(Boolean).join(' ') || '—' }
  ])
  return (
    <Table<Feedback>
      rowKey="id"
      size="small"
      loading={list.isFetching}
      dataSource={list.data?.rows}
      pagination={pagination(list.data?.total)}
      scroll={scroll}
      columns={columns}
    />
  )
}
