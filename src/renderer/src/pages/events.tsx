import { PrinterOutlined } from '@ant-design/icons'
import { App, Button, Card, Descriptions, InputNumber, Popconfirm, Space, Statistic, Table, Tag } from 'antd'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import type { Attendance, Event, Input as In } from '../../../shared/api'
import { durationHours } from '../../../shared/text'
import { ApiCallError, call, useApi, useCall } from '../api'
import { BackLink, DetailHeader } from '../components/DetailHeader'
import { TOP_BAR_HEIGHT, useColumns } from '../components/columns'
import { RemoveButton, SearchBox, Toolbar, useListState } from '../components/list'
import { MemberPicker } from '../components/MemberPicker'
import { saveFile } from '../download'
import { EventForm } from '../features/event/EventForm'
import { EventTable } from '../features/event/EventTable'
import { FeedbackButton } from '../features/feedback/FeedbackButton'
import { ForumPanel } from '../features/suggestion/ForumPanel'
import { formatDate, formatDateTime } from '../format'

export function EventsPage() {
  return (
    <Card>
      <h2 className="page-title">志愿服务活动</h2>
      <EventTable />
    </Card>
  )
}

function HoursCell({ row }: { row: Attendance }) {
  const update = useCall('attendance.update')
  const { message } = App.useApp()
  const [value, setValue] = useState<number | null>(row.hours)
  const save = (): void => {
    if (value === null || value === row.hours) return setValue(row.hours)
    update.mutateAsync({ id: row.id, hours: value }).then(
      () => message.success(`已将${row.memberName}的服务时长改为 ${value} 小时`),
      (e: ApiCallError) => {
        message.error(e.message)
        setValue(row.hours)
      }
    )
  }
  return <InputNumber size="small" min={0} max={24} step={0.5} value={value} onChange={setValue} onBlur={save} onPressEnter={save} suffix="小时" style={{ width: 110 }} aria-label={`${row.memberName}的服务时长`} />
}

export function EventPage() {
  const id = Number(useParams().id)
  const navigate = useNavigate()
  const { message } = App.useApp()
  const ev = useApi('event.get', { id })
  const { state, filter, onTableChange, pagination, sortOrder } = useListState<object>({ pageSize: 50 })
  const list = useApi('attendance.list', { eventId: id, ...state } as In<'attendance.list'>)
  const add = useCall('attendance.add')
  const remove = useCall('attendance.remove')
  const [picked, setPicked] = useState<number[]>([])
  const [hours, setHours] = useState<number | null>(null)
  const [selected, setSelected] = useState<number[]>([])
  const [editing, setEditing] = useState<Event | null>(null)
  const { columns, scroll, settings } = useColumns<Attendance>('attendance', [
    { title: '姓名', dataIndex: 'memberName', key: 'name', width: 96, always: true, sorter: true, sortOrder: sortOrder('name'), clip: true, render: (v, a) => <Link to={`/members/${a.memberId}`}>{v}</Link> },
    { title: '工作单位', dataIndex: 'unitName', key: 'unit', width: 200, clip: true, render: (v: string | null) => v ?? '—' },
    { title: '居住村居', dataIndex: 'communityName', key: 'community', width: 104, clip: true },
    { title: '手机号', dataIndex: 'memberPhone', key: 'phone', width: 124, from: 'xxl' },
    { title: '签到时间', dataIndex: 'signedAt', key: 'signedAt', width: 150, sorter: true, sortOrder: sortOrder('signedAt'), render: formatDateTime },
    { title: '服务时长', dataIndex: 'hours', key: 'hours', width: 136, sorter: true, sortOrder: sortOrder('hours'), render: (_, a) => <HoursCell key={`${a.id}-${a.hours}`} row={a} /> },
    { title: '来源', dataIndex: 'source', key: 'source', width: 64, from: 'xxl' },
    { title: '群众评价', key: 'feedback', width: 88, render: (_, a) => <FeedbackButton memberId={a.memberId} memberName={a.memberName} eventId={id} /> }
  ])
  if (ev.error) return <Card>{ev.error.message}</Card>
  const d = ev.data
  const defaultHours = d ? durationHours(d.startTime, d.endTime) : 0
  const signIn = (): void => {
    add.mutateAsync({ eventId: id, memberIds: picked, ...(hours !== null ? { hours } : {}) }).then(
      (r) => {
        message.success(r.already ? `已签到 ${r.added} 人，另有 ${r.already} 人此前已签到` : `已签到 ${r.added} 人`)
        setPicked([])
      },
      (e: ApiCallError) => message.error(e.message)
    )
  }
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card loading={!d}>
        {d && (
          <>
            <DetailHeader
              title={d.title}
              tags={
                <>
                  <Tag color="red">{d.category}</Tag>
                  {d.archivedAt && <Tag>已归档</Tag>}
                </>
              }
              actions={
                <>
                  <Button icon={<PrinterOutlined />} onClick={() => navigate(`/print/event/${id}`)}>
                    打印签到表
                  </Button>
                  <Button onClick={() => call('import.template', { kind: 'signin', eventId: id }).then(saveFile, (e: Error) => message.error(e.message))}>下载签到表模板</Button>
                  {!d.archivedAt && <Button onClick={() => navigate(`/imports/new?kind=signin&eventId=${id}`)}>导入签到表</Button>}
                  <Button onClick={() => setEditing(d)}>编辑</Button>
                  <RemoveButton
                    what="该活动"
                    history={d.attendanceCount ? `${d.attendanceCount} 条签到记录` : ''}
                    archived={!!d.archivedAt}
                    remove={() => call('event.remove', { id })}
                    restore={() => call('event.restore', { id })}
                    onRemoved={(r) => r.outcome === 'deleted' && navigate('/events')}
                  />
                </>
              }
            />
            <Descriptions
              size="small"
              column={3}
              items={[
                { label: '举办村居', children: <Link to={`/communities/${d.communityId}`}>{d.communityName}</Link> },
                { label: '日期', children: formatDate(d.date) },
                { label: '时间', children: d.startTime ? `${d.startTime}–${d.endTime}` : '—' },
                { label: '地点', children: d.place || '—' },
                { label: '组织者', children: d.organiser || '—' },
                { label: '组织单位', children: d.unitId ? <Link to={`/units/${d.unitId}`}>{d.unitName}</Link> : '—' },
                { label: '计划人数', children: d.plannedCount || '—' },
                // what is not filled in takes no line of a 768-high screen
                ...(d.needId ? [{ label: '服务清单项目', children: <Link to={`/needs/${d.needId}`}>{d.needTitle}</Link>, span: 3 }] : []),
                ...(d.description ? [{ label: '活动内容', children: d.description, span: 3 }] : [])
              ]}
            />
            <Space size={48} style={{ marginTop: 8 }}>
              <Statistic title="签到人数" value={d.attendanceCount} suffix={d.plannedCount ? `/ ${d.plannedCount} 人` : '人'} />
              <Statistic title="服务时长合计" value={d.hours} precision={1} suffix="小时" />
            </Space>
          </>
        )}
      </Card>
      {d?.category === '座谈会' && <ForumPanel eventId={id} communityId={d.communityId} />}
      <Card title="签到">
        {!d?.archivedAt && (
          <Space wrap style={{ display: 'flex', marginBottom: 16 }}>
            <label htmlFor="member-picker">添加签到</label>
            <MemberPicker value={picked} onChange={setPicked} />
            <InputNumber
              min={0}
              max={24}
              step={0.5}
              value={hours}
              onChange={setHours}
              placeholder={defaultHours ? `默认 ${defaultHours}` : '服务时长'}
              suffix="小时"
              style={{ width: 140 }}
              aria-label="服务时长"
            />
            <Button type="primary" disabled={!picked.length} loading={add.isPending} onClick={signIn}>
              签到{picked.length ? ` ${picked.length} 人` : ''}
            </Button>
          </Space>
        )}
        <Toolbar extra={settings}>
          <SearchBox label="在签到名单中查找" placeholder="在签到名单中查找" width={260} value={state.keyword} onSearch={(keyword) => filter({ keyword })} />
          <Popconfirm
            title={`移除选中的 ${selected.length} 条签到？`}
            description="移除后这些党员在本活动的签到和服务时长将不再计入。"
            okText="移除"
            cancelText="取消"
            okButtonProps={{ danger: true }}
            disabled={!selected.length}
            onConfirm={() =>
              remove.mutateAsync({ ids: selected }).then(
                (r) => {
                  message.success(`已移除 ${r.removed} 条签到`)
                  setSelected([])
                },
                (e: ApiCallError) => message.error(e.message)
              )
            }
          >
            <Button danger disabled={!selected.length}>
              移除选中{selected.length ? `（${selected.length}）` : ''}
            </Button>
          </Popconfirm>
        </Toolbar>
        <Table<Attendance>
          rowKey="id"
          size="small"
          sticky={{ offsetHeader: TOP_BAR_HEIGHT }}
          loading={list.isFetching}
          dataSource={list.data?.rows}
          pagination={pagination(list.data?.total)}
          onChange={onTableChange}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
          scroll={scroll}
          columns={columns}
        />
      </Card>
      <EventForm editing={editing} onClose={() => setEditing(null)} />
      <BackLink to="/events">← 返回活动列表</BackLink>
    </Space>
  )
}
