import { App, Button, Card, Descriptions, Input, Space, Statistic, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import type { Need } from '../../../shared/api'
import { ApiCallError, useApi, useCall } from '../api'
import { DetailHeader } from '../components/DetailHeader'
import { ClaimPanel } from '../features/claim/ClaimPanel'
import { ClaimsTable } from '../features/claim/ClaimsTable'
import { AdoptNeed, UnitClaimsTable } from '../features/unit/UnitClaims'
import { NeedForm } from '../features/need/NeedForm'
import { NeedTable } from '../features/need/NeedTable'
import { NEED_STATUS_COLORS } from '../features/need/status'

export function NeedsPage() {
  return (
    <Card>
      <h2 className="page-title">服务清单</h2>
      <NeedTable />
    </Card>
  )
}

export function NeedPage() {
  const id = Number(useParams().id)
  const need = useApi('need.get', { id })
  const close = useCall('need.close')
  const reopen = useCall('need.reopen')
  const { message, modal } = App.useApp()
  const [editing, setEditing] = useState<Need | null>(null)
  if (need.error) return <Card>{need.error.message}</Card>
  const d = need.data
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card loading={!d}>
        {d && (
          <>
            <DetailHeader
              title={d.title}
              tags={<Tag color={NEED_STATUS_COLORS[d.status]}>{d.status}</Tag>}
              actions={
                <>
                  <Button onClick={() => setEditing(d)}>编辑</Button>
                  {d.closedAt ? (
                    <Button onClick={() => reopen.mutateAsync({ id }).then(() => message.success('已重新开放'), (e: ApiCallError) => message.error(e.message))}>重新开放</Button>
                  ) : (
                    <Button
                      onClick={() => {
                        let reason = ''
                        modal.confirm({
                          title: '关闭该项目？',
                          content: <Input placeholder="关闭原因（选填）" onChange={(e) => (reason = e.target.value)} />,
                          okText: '关闭项目',
                          cancelText: '取消',
                          onOk: () => close.mutateAsync({ id, reason }).then(() => message.success('项目已关闭'), (e: ApiCallError) => message.error(e.message))
                        })
                      }}
                    >
                      关闭项目
                    </Button>
                  )}
                </>
              }
            />
            <Descriptions
              size="small"
              column={3}
              items={[
                { label: '村居', children: <Link to={`/communities/${d.communityId}`}>{d.communityName}</Link> },
                { label: '类别', children: d.category },
                { label: '来源', children: d.source },
                { label: '服务期限', children: d.periodStart || d.periodEnd ? `${d.periodStart || '—'} 至 ${d.periodEnd || '—'}` : '不限' },
                { label: '所需特长', children: d.skills.length ? d.skills.map((s) => <Tag key={s}>{s}</Tag>) : '不限' },
                { label: '关闭原因', children: d.closeReason || '—' },
                { label: '项目内容', children: d.description || '—', span: 3 }
              ]}
            />
            <Space size={48} style={{ marginTop: 8 }}>
              <Statistic title="需认领" value={d.places} suffix="人" />
              <Statistic title="进行中" value={d.open} suffix="人" />
              <Statistic title="已完成" value={d.done} suffix="人" />
              <Statistic title="参与服务" value={d.served.length} suffix="人" />
            </Space>
          </>
        )}
      </Card>
      {d && !d.closedAt && (
        <Card title="认领">
          <ClaimPanel need={d} />
        </Card>
      )}
      <Card title="认领情况">
        <ClaimsTable needId={id} />
      </Card>
      <Card title="单位认领（共建项目）" extra={d && !d.closedAt && <AdoptNeed needId={id} />}>
        <UnitClaimsTable needId={id} />
      </Card>
      {d && (
        <Card title="为该项目举办的活动">
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.events}
            locale={{ emptyText: '还没有活动。新建活动时可选择“服务清单项目”。' }}
            columns={[
              { title: '日期', dataIndex: 'date', width: 120 },
              { title: '活动', dataIndex: 'title', render: (v, e) => <Link to={`/events/${e.id}`}>{v}</Link> },
              { title: '签到人数', dataIndex: 'attendanceCount', width: 100, align: 'right' }
            ]}
          />
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
            参与服务的党员：{d.served.length ? d.served.map((s) => <Tag key={s.memberId}><Link to={`/members/${s.memberId}`}>{s.name}</Link>（{s.via}）</Tag>) : '暂无'}
          </Typography.Paragraph>
        </Card>
      )}
      <NeedForm editing={editing} onClose={() => setEditing(null)} />
    </Space>
  )
}
