import { PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, DatePicker, Descriptions, Form, Input, Popconfirm, Radio, Select, Space, Statistic, Switch, Table, Tag, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { MEMBER_STATUSES, type Input as In, type Member, type MemberAttendance } from '../../../shared/api'
import { idCardProblem, normalizeIdCard } from '../../../shared/text'
import { call, useApi, useCall } from '../api'
import { FormModal, PHONE_RULE } from '../components/FormModal'
import { ArchivedFilter, RemoveButton, Toolbar, useListState, usePage } from '../components/list'
import { Masked } from '../components/Masked'
import { saveFile } from '../download'
import { formatDate, formatDateTime, formatHours } from '../format'
import { FeedbackTable } from './feedback'
import { ClaimsTable } from './needs'
import { CommunitySelect, UnitSelect } from './units'

type Values = Omit<In<'member.create'>, 'registeredAt'> & { registeredAt: Dayjs }

const SKILL_SUGGESTIONS = ['法律咨询', '医疗护理', '心理疏导', '文艺宣传', '电脑维修', '家电维修', '教育辅导', '调解纠纷', '摄影', '驾驶', '书法', '外语', '财务', '水电维修']

const idCardRule = {
  validator: (_: unknown, v?: string) => {
    const p = v ? idCardProblem(normalizeIdCard(v)) : null
    return p ? Promise.reject(new Error(p)) : Promise.resolve()
  }
}

/** `editing` is a member id, 'new', or null when closed; `defaults` pre-fills a new member. */
function MemberForm({ editing, defaults = {}, onClose }: { editing: number | 'new' | null; defaults?: Partial<Values>; onClose: () => void }) {
  const create = useCall('member.create')
  const update = useCall('member.update')
  const { message } = App.useApp()
  const [initial, setInitial] = useState<Partial<Values> | null>(null)
  const [loadedFor, setLoadedFor] = useState<number | 'new' | null>(null)
  if (editing !== loadedFor) {
    setLoadedFor(editing)
    setInitial(null)
    if (editing === 'new') setInitial({ status: '在册', veteran: false, registeredAt: dayjs(), skills: [], ...defaults })
    else if (editing !== null) {
      // an edit needs the full numbers: fetched on purpose for this one member
      Promise.all([call('member.get', { id: editing }), call('member.reveal', { id: editing })]).then(
        ([m, full]) => setInitial({ ...m, ...full, registeredAt: dayjs(m.registeredAt) }),
        (e: Error) => {
          message.error(e.message)
          onClose()
        }
      )
    }
  }
  return (
    <FormModal<Values>
      title={editing === 'new' ? '新增在职党员' : '编辑在职党员'}
      open={editing !== null && initial !== null}
      initialValues={initial ?? {}}
      onClose={onClose}
      width={760}
      onSubmit={(v) => {
        const input = { ...v, registeredAt: v.registeredAt.format('YYYY-MM-DD'), unitId: v.unitId ?? null, idCard: v.idCard ?? '' }
        return typeof editing === 'number' ? update.mutateAsync({ ...input, id: editing }) : create.mutateAsync(input)
      }}
    >
      <div className="form-row">
        <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 30 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="gender" label="性别">
          <Radio.Group options={['男', '女'].map((g) => ({ label: g, value: g }))} />
        </Form.Item>
        <Form.Item name="phone" label="手机号" rules={[{ required: true, message: '请填写手机号' }, PHONE_RULE]}>
          <Input inputMode="numeric" />
        </Form.Item>
      </div>
      <Form.Item name="idCard" label="身份证号(选填)" rules={[idCardRule]}>
        <Input placeholder="18位,末位可为X" />
      </Form.Item>
      <div className="form-row">
        <Form.Item name="unitId" label="工作单位">
          <UnitSelect allowClear placeholder="选择报到单位" />
        </Form.Item>
        <Form.Item name="position" label="职务" rules={[{ max: 30 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="branch" label="所在党支部" rules={[{ max: 60 }]}>
          <Input />
        </Form.Item>
      </div>
      <div className="form-row">
        <Form.Item name="communityId" label="居住村居(报到村居)" rules={[{ required: true, message: '请选择居住村居' }]}>
          <CommunitySelect />
        </Form.Item>
        <Form.Item name="estate" label="居住小区" rules={[{ max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="registeredAt" label="报到日期" rules={[{ required: true, message: '请选择报到日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <Form.Item name="skills" label="特长(可多个)">
        <Select mode="tags" placeholder="输入后回车,或从建议中选择" options={SKILL_SUGGESTIONS.map((s) => ({ value: s, label: s }))} />
      </Form.Item>
      <Space size={48}>
        <Form.Item name="veteran" label="退役军人" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Radio.Group options={MEMBER_STATUSES.map((s) => ({ label: s, value: s }))} />
        </Form.Item>
      </Space>
      <Form.Item name="note" label="备注" rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  )
}

const revealPhone = (id: number) => () => call('member.reveal', { id }).then((r) => r.phone)
const revealIdCard = (id: number) => () => call('member.reveal', { id }).then((r) => r.idCard)

type Filters = { communityId?: number; unitId?: number; status?: Member['status']; registeredFrom?: string; registeredTo?: string }

export function MemberTable({ fixed = {} }: { fixed?: { communityId?: number; unitId?: number } }) {
  const { state, filter, onTableChange, pagination, sortOrder } = useListState<Filters>(fixed)
  const list = useApi('member.list', state as In<'member.list'>)
  const [editing, setEditing] = useState<number | 'new' | null>(null)
  return (
    <>
      <Toolbar>
        <Input.Search placeholder="姓名、手机号、单位或拼音首字母(如 zs)" allowClear style={{ width: 300 }} onSearch={(keyword) => filter({ keyword })} />
        {!fixed.communityId && <CommunitySelect allowClear placeholder="居住村居" style={{ width: 150 }} value={state.communityId} onChange={(v) => filter({ communityId: v ?? undefined })} />}
        {!fixed.unitId && <UnitSelect allowClear placeholder="工作单位" style={{ width: 190 }} value={state.unitId} onChange={(v) => filter({ unitId: v ?? undefined })} />}
        <Select placeholder="状态" allowClear style={{ width: 100 }} value={state.status} onChange={(status) => filter({ status })} options={MEMBER_STATUSES.map((s) => ({ label: s, value: s }))} />
        <DatePicker.RangePicker
          placeholder={['报到日期起', '报到日期止']}
          onChange={(r) => filter({ registeredFrom: r?.[0]?.format('YYYY-MM-DD') ?? '', registeredTo: r?.[1]?.format('YYYY-MM-DD') ?? '' })}
        />
        <ArchivedFilter value={state.archived} onChange={(archived) => filter({ archived })} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新增党员
        </Button>
      </Toolbar>
      <Table<Member>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows}
        pagination={pagination(list.data?.total)}
        onChange={onTableChange}
        scroll={{ x: 1100 }}
        columns={[
          { title: '姓名', dataIndex: 'name', key: 'name', width: 100, fixed: 'left', sorter: true, sortOrder: sortOrder('name'), render: (v, m) => <Link to={`/members/${m.id}`}>{v}</Link> },
          { title: '性别', dataIndex: 'gender', width: 60 },
          { title: '手机号', dataIndex: 'phone', width: 160, render: (v: string, m) => <Masked masked={v} reveal={revealPhone(m.id)} label="手机号" /> },
          { title: '工作单位', dataIndex: 'unitName', key: 'unit', ellipsis: true, sorter: true, sortOrder: sortOrder('unit') },
          { title: '居住村居', dataIndex: 'communityName', key: 'community', width: 120, sorter: true, sortOrder: sortOrder('community') },
          { title: '报到日期', dataIndex: 'registeredAt', key: 'registeredAt', width: 120, sorter: true, sortOrder: sortOrder('registeredAt') },
          { title: '特长', dataIndex: 'skills', width: 160, render: (s: string[]) => s.map((t) => <Tag key={t}>{t}</Tag>) },
          { title: '签到', dataIndex: 'attendanceCount', width: 70, align: 'right' },
          { title: '状态', dataIndex: 'status', width: 90, render: (s: string, m) => (m.archivedAt ? <Tag>已归档</Tag> : <Tag color={s === '在册' ? 'green' : 'default'}>{s}</Tag>) },
          {
            title: '操作',
            width: 150,
            fixed: 'right',
            render: (_, m) => (
              <Space>
                <Button size="small" onClick={() => setEditing(m.id)}>
                  编辑
                </Button>
                <RemoveButton
                  what="该党员"
                  history={m.attendanceCount ? `${m.attendanceCount} 条签到记录` : ''}
                  archived={!!m.archivedAt}
                  remove={() => call('member.remove', { id: m.id })}
                  restore={() => call('member.restore', { id: m.id })}
                />
              </Space>
            )
          }
        ]}
      />
      <MemberForm editing={editing} defaults={fixed} onClose={() => setEditing(null)} />
    </>
  )
}

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
  if (m.error) return <Card>{m.error.message}</Card>
  const d = m.data
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card loading={!d}>
        {d && (
          <>
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <h2 className="page-title">
                {d.name} <Tag color={d.status === '在册' ? 'green' : 'default'}>{d.status}</Tag>
                {d.archivedAt && <Tag>已归档</Tag>}
                {d.veteran && <Tag color="blue">退役军人</Tag>}
              </h2>
              <Space>
                {d.status === '已转出' && d.phone && (
                  <Popconfirm
                    title="注销该党员的个人信息?"
                    description="姓名、手机号、身份证号等将被清除且无法恢复;签到、认领和评价的统计保留。请仅在本人提出要求时操作。"
                    okText="注销"
                    okButtonProps={{ danger: true }}
                    cancelText="取消"
                    onConfirm={() => erase.mutateAsync({ id }).then(() => message.success('个人信息已注销'), (e: Error) => message.error(e.message))}
                  >
                    <Button danger>注销个人信息</Button>
                  </Popconfirm>
                )}
                <Button onClick={() => setEditing(id)}>编辑</Button>
                <RemoveButton
                  what="该党员"
                  history={d.attendanceCount ? `${d.attendanceCount} 条签到记录` : ''}
                  archived={!!d.archivedAt}
                  remove={() => call('member.remove', { id })}
                  restore={() => call('member.restore', { id })}
                  onRemoved={(r) => r.outcome === 'deleted' && navigate('/members')}
                />
              </Space>
            </Space>
            <Descriptions
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
      <Card title="参加的活动">
        <Table<MemberAttendance>
          rowKey="id"
          size="middle"
          loading={att.isFetching}
          dataSource={att.data?.rows}
          pagination={pagination(att.data?.total)}
          columns={[
            { title: '活动日期', dataIndex: 'eventDate', width: 120 },
            { title: '活动名称', dataIndex: 'eventTitle', render: (v, a) => <Link to={`/events/${a.eventId}`}>{v}</Link> },
            { title: '类别', dataIndex: 'category', width: 100 },
            { title: '村居', dataIndex: 'communityName', width: 120 },
            { title: '签到时间', dataIndex: 'signedAt', width: 170, render: formatDateTime },
            { title: '服务时长', dataIndex: 'hours', width: 110, align: 'right', render: formatHours },
            { title: '来源', dataIndex: 'source', width: 80 }
          ]}
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
      <Typography.Text type="secondary">
        <Link to="/members">← 返回党员列表</Link>
      </Typography.Text>
    </Space>
  )
}
