import { PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Popconfirm, Select, Space, Statistic, Table, Tag, TimePicker, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import type { Attendance, Event, Input as In } from '../../../shared/api'
import { durationHours } from '../../../shared/text'
import { ApiCallError, call, useApi, useCall } from '../api'
import { FormModal } from '../components/FormModal'
import { ArchivedFilter, RemoveButton, Toolbar, useListState } from '../components/list'
import { saveFile } from '../download'
import { formatDate, formatDateTime, formatHours } from '../format'
import { FeedbackButton } from './feedback'
import { ForumPanel } from './forum'
import { CommunitySelect } from './units'

type Values = Omit<In<'event.create'>, 'date' | 'startTime' | 'endTime'> & { date: Dayjs; startTime?: Dayjs | null; endTime?: Dayjs | null }

function useCategories(): string[] {
  return useApi('app.info', {}).data?.eventCategories ?? []
}

function EventForm({ editing, defaults = {}, onClose }: { editing: Event | 'new' | null; defaults?: { communityId?: number }; onClose: () => void }) {
  const create = useCall('event.create')
  const update = useCall('event.update')
  const categories = useCategories()
  const initial: Partial<Values> =
    editing && editing !== 'new'
      ? {
          ...editing,
          date: dayjs(editing.date),
          startTime: editing.startTime ? dayjs(`2000-01-01T${editing.startTime}`) : null,
          endTime: editing.endTime ? dayjs(`2000-01-01T${editing.endTime}`) : null
        }
      : { date: dayjs(), plannedCount: 0, ...defaults }
  return (
    <FormModal<Values>
      title={editing === 'new' ? '新建活动' : '编辑活动'}
      open={!!editing}
      initialValues={initial}
      onClose={onClose}
      width={720}
      onSubmit={(v) => {
        const input = { ...v, date: v.date.format('YYYY-MM-DD'), startTime: v.startTime?.format('HH:mm') ?? '', endTime: v.endTime?.format('HH:mm') ?? '' }
        return editing && editing !== 'new' ? update.mutateAsync({ ...input, id: editing.id }) : create.mutateAsync(input)
      }}
    >
      <Form.Item name="title" label="活动名称" rules={[{ required: true, whitespace: true, message: '请填写活动名称' }, { max: 100 }]}>
        <Input placeholder="如:登革热防控清积水大行动" />
      </Form.Item>
      <div className="form-row">
        <Form.Item name="communityId" label="举办村居" rules={[{ required: true, message: '请选择举办村居' }]}>
          <CommunitySelect />
        </Form.Item>
        <Form.Item name="category" label="活动类别" rules={[{ required: true, message: '请选择活动类别' }]}>
          <Select options={categories.map((c) => ({ label: c, value: c }))} />
        </Form.Item>
      </div>
      <div className="form-row">
        <Form.Item name="date" label="活动日期" rules={[{ required: true, message: '请选择活动日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="startTime" label="开始时间">
          <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="endTime"
          label="结束时间"
          dependencies={['startTime']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, end?: Dayjs | null) => {
                const start = getFieldValue('startTime') as Dayjs | null
                return !end || !start || end.format('HH:mm') > start.format('HH:mm') ? Promise.resolve() : Promise.reject(new Error('结束时间应晚于开始时间'))
              }
            })
          ]}
        >
          <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <div className="form-row">
        <Form.Item name="place" label="地点" rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="organiser" label="组织者" rules={[{ max: 40 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="plannedCount" label="计划人数">
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <Form.Item name="needId" label="为哪个服务清单项目举办(选填)">
        <NeedSelect initial={editing && editing !== 'new' && editing.needId ? { id: editing.needId, title: editing.needTitle ?? '' } : null} />
      </Form.Item>
      <Form.Item name="description" label="活动内容" rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  )
}

/** Picks a need by searching the service list. */
function NeedSelect({ id, value, onChange, initial }: { id?: string; value?: number | null; onChange?: (v: number | null) => void; initial: { id: number; title: string } | null }) {
  const [keyword, setKeyword] = useState('')
  const found = useApi('need.list', { keyword, pageSize: 20 })
  const options = (found.data?.rows ?? []).map((n) => ({ value: n.id, label: `${n.title}(${n.communityName})` }))
  if (initial && !options.some((o) => o.value === initial.id)) options.unshift({ value: initial.id, label: initial.title })
  return (
    <Select id={id} allowClear placeholder="不关联" value={value ?? undefined} onChange={(v) => onChange?.(v ?? null)} showSearch={{ filterOption: false, onSearch: setKeyword }} options={options} />
  )
}

type Filters = { communityId?: number; category?: string; dateFrom?: string; dateTo?: string }

export function EventTable({ fixed = {} }: { fixed?: { communityId?: number } }) {
  const { state, filter, onTableChange, pagination, sortOrder } = useListState<Filters>(fixed)
  const list = useApi('event.list', state as In<'event.list'>)
  const categories = useCategories()
  const [editing, setEditing] = useState<Event | 'new' | null>(null)
  return (
    <>
      <Toolbar>
        <Input.Search placeholder="活动名称、地点、组织者或拼音首字母" allowClear style={{ width: 300 }} onSearch={(keyword) => filter({ keyword })} />
        {!fixed.communityId && <CommunitySelect allowClear placeholder="举办村居" style={{ width: 150 }} value={state.communityId} onChange={(v) => filter({ communityId: v ?? undefined })} />}
        <Select placeholder="类别" allowClear style={{ width: 120 }} value={state.category} onChange={(category) => filter({ category })} options={categories.map((c) => ({ label: c, value: c }))} />
        <DatePicker.RangePicker onChange={(r) => filter({ dateFrom: r?.[0]?.format('YYYY-MM-DD') ?? '', dateTo: r?.[1]?.format('YYYY-MM-DD') ?? '' })} />
        <ArchivedFilter value={state.archived} onChange={(archived) => filter({ archived })} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建活动
        </Button>
      </Toolbar>
      <Table<Event>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows}
        pagination={pagination(list.data?.total)}
        onChange={onTableChange}
        columns={[
          { title: '日期', dataIndex: 'date', key: 'date', width: 120, sorter: true, sortOrder: sortOrder('date') ?? (state.sort ? null : 'descend') },
          { title: '活动名称', dataIndex: 'title', key: 'title', sorter: true, sortOrder: sortOrder('title'), render: (v, e) => <Link to={`/events/${e.id}`}>{v}</Link> },
          { title: '村居', dataIndex: 'communityName', key: 'community', width: 120, sorter: true, sortOrder: sortOrder('community') },
          { title: '类别', dataIndex: 'category', key: 'category', width: 100, sorter: true, sortOrder: sortOrder('category') },
          { title: '时间', width: 120, render: (_, e) => (e.startTime ? `${e.startTime}–${e.endTime}` : '—') },
          { title: '地点', dataIndex: 'place', width: 180, ellipsis: true },
          { title: '签到人数', dataIndex: 'attendanceCount', key: 'attendanceCount', width: 110, align: 'right', sorter: true, sortOrder: sortOrder('attendanceCount') },
          { title: '服务时长', dataIndex: 'hours', width: 110, align: 'right', render: formatHours },
          {
            title: '操作',
            width: 150,
            render: (_, e) => (
              <Space>
                <Button size="small" onClick={() => setEditing(e)}>
                  编辑
                </Button>
                <RemoveButton
                  what="该活动"
                  history={e.attendanceCount ? `${e.attendanceCount} 条签到记录` : ''}
                  archived={!!e.archivedAt}
                  remove={() => call('event.remove', { id: e.id })}
                  restore={() => call('event.restore', { id: e.id })}
                />
              </Space>
            )
          }
        ]}
      />
      <EventForm editing={editing} defaults={fixed} onClose={() => setEditing(null)} />
    </>
  )
}

export function EventsPage() {
  return (
    <Card>
      <h2 className="page-title">志愿服务活动</h2>
      <EventTable />
    </Card>
  )
}

/** Pick members by name, phone, unit or pinyin initials, several at once. */
function MemberPicker({ value, onChange }: { value: number[]; onChange: (ids: number[]) => void }) {
  const [keyword, setKeyword] = useState('')
  const found = useApi('member.list', { keyword, pageSize: 20, status: '在册' }, keyword.length > 0)
  return (
    <Select
      id="member-picker"
      mode="multiple"
      style={{ minWidth: 420 }}
      placeholder="输入姓名、手机号、单位或拼音首字母查找党员"
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setKeyword }}
      notFoundContent={keyword ? (found.isFetching ? '查找中…' : '没有找到') : '请输入关键词'}
      options={(found.data?.rows ?? []).map((m) => ({ value: m.id, label: `${m.name} · ${m.unitName ?? '无单位'} · ${m.phone}` }))}
    />
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
  const { state, filter, onTableChange, pagination, sortOrder } = useListState<object>({}, 50)
  const list = useApi('attendance.list', { eventId: id, ...state } as In<'attendance.list'>)
  const add = useCall('attendance.add')
  const remove = useCall('attendance.remove')
  const [picked, setPicked] = useState<number[]>([])
  const [hours, setHours] = useState<number | null>(null)
  const [selected, setSelected] = useState<number[]>([])
  const [editing, setEditing] = useState<Event | null>(null)
  if (ev.error) return <Card>{ev.error.message}</Card>
  const d = ev.data
  const defaultHours = d ? durationHours(d.startTime, d.endTime) : 0
  const signIn = (): void => {
    add.mutateAsync({ eventId: id, memberIds: picked, ...(hours !== null ? { hours } : {}) }).then(
      (r) => {
        message.success(r.already ? `已签到 ${r.added} 人,另有 ${r.already} 人此前已签到` : `已签到 ${r.added} 人`)
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
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <h2 className="page-title">
                {d.title} <Tag color="red">{d.category}</Tag>
                {d.archivedAt && <Tag>已归档</Tag>}
              </h2>
              <Space>
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
              </Space>
            </Space>
            <Descriptions
              column={3}
              items={[
                { label: '举办村居', children: <Link to={`/communities/${d.communityId}`}>{d.communityName}</Link> },
                { label: '日期', children: formatDate(d.date) },
                { label: '时间', children: d.startTime ? `${d.startTime}–${d.endTime}` : '—' },
                { label: '地点', children: d.place || '—' },
                { label: '组织者', children: d.organiser || '—' },
                { label: '计划人数', children: d.plannedCount || '—' },
                { label: '服务清单项目', children: d.needId ? <Link to={`/needs/${d.needId}`}>{d.needTitle}</Link> : '—', span: 3 },
                { label: '活动内容', children: d.description || '—', span: 3 }
              ]}
            />
            <Space size={48} style={{ marginTop: 8 }}>
              <Statistic title="签到人数" value={d.attendanceCount} suffix={d.plannedCount ? `/ ${d.plannedCount} 人` : '人'} />
              <Statistic title="服务时长合计" value={d.hours} precision={1} suffix="小时" />
            </Space>
          </>
        )}
      </Card>
      {d?.category === '座谈会' && <ForumPanel eventId={id} />}
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
        <Toolbar>
          <Input.Search placeholder="在签到名单中查找" allowClear style={{ width: 260 }} onSearch={(keyword) => filter({ keyword })} />
          <Popconfirm
            title={`移除选中的 ${selected.length} 条签到?`}
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
              移除选中{selected.length ? `(${selected.length})` : ''}
            </Button>
          </Popconfirm>
        </Toolbar>
        <Table<Attendance>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.rows}
          pagination={pagination(list.data?.total)}
          onChange={onTableChange}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
          columns={[
            { title: '姓名', dataIndex: 'memberName', key: 'name', width: 110, sorter: true, sortOrder: sortOrder('name'), render: (v, a) => <Link to={`/members/${a.memberId}`}>{v}</Link> },
            { title: '工作单位', dataIndex: 'unitName', ellipsis: true },
            { title: '居住村居', dataIndex: 'communityName', width: 120 },
            { title: '手机号', dataIndex: 'memberPhone', width: 130 },
            { title: '签到时间', dataIndex: 'signedAt', key: 'signedAt', width: 170, sorter: true, sortOrder: sortOrder('signedAt'), render: formatDateTime },
            { title: '服务时长', dataIndex: 'hours', key: 'hours', width: 150, sorter: true, sortOrder: sortOrder('hours'), render: (_, a) => <HoursCell key={`${a.id}-${a.hours}`} row={a} /> },
            { title: '来源', dataIndex: 'source', width: 70 },
            { title: '群众评价', width: 90, render: (_, a) => <FeedbackButton memberId={a.memberId} memberName={a.memberName} eventId={id} /> }
          ]}
        />
      </Card>
      <EventForm editing={editing} onClose={() => setEditing(null)} />
      <Typography.Text type="secondary">
        <Link to="/events">← 返回活动列表</Link>
      </Typography.Text>
    </Space>
  )
}
