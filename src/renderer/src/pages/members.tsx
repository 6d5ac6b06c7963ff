import { App, Button, Card, Descriptions, Popconfirm, Space, Statistic, Table, Tag } from 'antd'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import type { MemberAttendance } from '../../../shared/api'
import { call, useApi, useCall } from '../api'
import { BackLink, DetailHeader } from '../components/DetailHeader'
import { TOP_BAR_HEIGHT, useColumns } from '../components/columns'
import { RemoveButton, usePage } from '../components/list'
import { Masked } from '../components/Masked'
import { saveFile } from '../download'
import { ClaimsTable } from '../features/claim/ClaimsTable'
import { FeedbackTable } from '../features/feedback/FeedbackTable'
import { MemberForm } from '../features/member/MemberForm'
import { MemberTable } from '../features/member/MemberTable'
import { RegistrationHistory } from '../features/member/RegistrationHistory'
import { revealIdCard, revealPhone } from '../features/member/reveal'
import { formatDate, formatDateTime, formatHours } from '../format'

export function MembersPage() {
  const navigate = useNavigate()
  const { message } = App.useApp()
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <h2 className="page-title">在职党员</h2>
        <Space>
          <Button onClick={() => call('import.template', { kind: 'roster' }).then(saveFile, (e: Error) => message.error(e.message))}>下载名册模板</Button>
          <Button onClick={() => navigate('/imports/new?kind=roster')}>导入名册</Button>
        </Space>
      </Space>
      <MemberTable />
    </Card>
  )
}

export function MemberPage() {
  const id = Number(useParams().id)
  const navigate = useNavigate()
  const m = useApi('member.get', { id })
  const { page, pagination } = usePage()
  const att = useApi('member.attendance', { memberId: id, ...page })
  const [editing, setEditing] = useState<number | null>(null)
  const erase = useCall('member.erase')
  const { message } = App.useApp()
  const attColumns = useColumns<MemberAttendance>(undefined, [
    { title: '活动日期', dataIndex: 'eventDate', key: 'eventDate', width: 112 },
    { title: '活动名称', dataIndex: 'eventTitle', key: 'eventTitle', width: 240, clip: true, render: (v, a) => <Link to={`/events/${a.eventId}`}>{v}</Link> },
    { title: '类别', dataIndex: 'category', key: 'category', width: 96, clip: true },
    { title: '村居', dataIndex: 'communityName', key: 'community', width: 104, clip: true },
    { title: '签到时间', dataIndex: 'signedAt', key: 'signedAt', width: 150, render: formatDateTime },
    { title: '服务时长', dataIndex: 'hours', key: 'hours', width: 96, align: 'right', render: formatHours },
    { title: '来源', dataIndex: 'source', key: 'source', width: 64 }
  ])
  if (m.error) return <Card>{m.error.message}</Card>
  const d = m.data
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card loading={!d}>
        {d && (
          <>
            <DetailHeader
              title={d.name}
              tags={
                <>
                  <Tag color={d.status === '在册' ? 'green' : d.status === '未报到' ? 'orange' : 'default'}>{d.status}</Tag>
                  {d.archivedAt && <Tag>已归档</Tag>}
                  {d.veteran && <Tag color="blue">退役军人</Tag>}
                </>
              }
              actions={
                <>
                  {d.status === '已转出' && d.phone && (
                    <Popconfirm
                      title="注销该党员的个人信息？"
                      description="姓名、手机号、身份证号等将被清除且无法恢复；签到、认领和评价的统计保留。请仅在本人提出要求时操作。"
                      okText="注销"
                      okButtonProps={{ danger: true }}
                      cancelText="取消"
                      onConfirm={() =>
                        erase.mutateAsync({ id }).then(
                          (r) =>
                            message.success(
                              `个人信息已注销；${r.backupsRewritten} 个备份也已删除此人信息${r.backupsFailed.length ? `，${r.backupsFailed.length} 个备份未能改写（以后恢复这些备份时会自动再次注销）` : ''}。`,
                              8
                            ),
                          (e: Error) => message.error(e.message)
                        )
                      }
                    >
                      <Button danger>注销个人信息</Button>
                    </Popconfirm>
                  )}
                  <Button onClick={() => navigate(`/assessment/members/${id}`)}>考核</Button>
                  <Button onClick={() => setEditing(id)}>编辑</Button>
                  <RemoveButton
                    what="该党员"
                    history={d.attendanceCount ? `${d.attendanceCount} 条签到记录` : ''}
                    archived={!!d.archivedAt}
                    remove={() => call('member.remove', { id })}
                    restore={() => call('member.restore', { id })}
                    onRemoved={(r) => r.outcome === 'deleted' && navigate('/members')}
                  />
                </>
              }
            />
            <Descriptions
              size="small"
              column={3}
              items={[
                { label: '性别', children: d.gender || '—' },
                { label: '手机号', children: <Masked masked={d.phone} reveal={revealPhone(id)} label="手机号" /> },
                { label: '身份证号', children: <Masked masked={d.idCard} reveal={revealIdCard(id)} label="身份证号" /> },
                { label: '工作单位', children: d.unitName ? <Link to={`/units/${d.unitId}`}>{d.unitName}</Link> : '—' },
                { label: '职务', children: d.position || '—' },
                { label: '所在党支部', children: d.branch || '—' },
                { label: '居住村居', children: <Link to={`/communities/${d.communityId}`}>{d.communityName}</Link> },
                { label: '居住小区', children: d.estate || '—' },
                { label: '报到日期', children: formatDate(d.registeredAt) },
                { label: '特长', children: d.skills.length ? d.skills.map((t) => <Tag key={t}>{t}</Tag>) : '—' },
                { label: '备注', children: d.note || '—', span: 2 }
              ]}
            />
            <Space size={48} style={{ marginTop: 8 }}>
              <Statistic title="参加活动" value={d.attendanceCount} suffix="次" />
              <Statistic title="活动服务时长" value={d.hours} precision={1} suffix="小时" />
              <Statistic title="认领服务时长" value={d.claimHours} precision={1} suffix="小时" />
            </Space>
          </>
        )}
      </Card>
      <RegistrationHistory memberId={id} />
      <Card title="参加的活动">
        <Table<MemberAttendance>
          rowKey="id"
          size="middle"
          sticky={{ offsetHeader: TOP_BAR_HEIGHT }}
          scroll={attColumns.scroll}
          loading={att.isFetching}
          dataSource={att.data?.rows}
          pagination={pagination(att.data?.total)}
          columns={attColumns.columns}
          summary={() =>
            att.data ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={5}>
                  合计 {att.data.total} 次
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  <span data-testid="member-hours">{formatHours(att.data.hours)}</span>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={6} />
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
      <Card title="认领的服务清单项目">
        <ClaimsTable memberId={id} />
      </Card>
      <Card title="群众评价">
        <FeedbackTable memberId={id} />
      </Card>
      <MemberForm editing={editing} onClose={() => setEditing(null)} />
      <BackLink to="/members">← 返回党员列表</BackLink>
    </Space>
  )
}
