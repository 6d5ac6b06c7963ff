import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Statistic, Table, Tag, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { UNIT_KINDS, type Input as In, type Unit, type UnitRecordRow } from '../../../shared/api'
import { maskPhone } from '../../../shared/text'
import { call, useApi, useCall } from '../api'
import { CONTACT_PHONE_RULE, FormModal } from '../components/FormModal'
import { ArchivedFilter, RemoveButton, Toolbar, useListState } from '../components/list'
import { Masked } from '../components/Masked'
import { MemberTable } from './members'

type Values = In<'unit.create'>

/** Typing 丽豪, lihao or lhsq all find 丽豪社区. */
const matchesOption = (input: string, option?: { search?: string }): boolean =>
  !!option?.search?.includes(input.toLowerCase().replace(/\s+/g, ''))

type PickerProps = { id?: string; value?: number | null; onChange?: (v: number | null) => void; placeholder?: string; allowClear?: boolean; style?: React.CSSProperties }

/** A picker over one register; archived records are offered only when already chosen. */
function RegisterSelect({ method, placeholder, ...props }: PickerProps & { method: 'community.options' | 'unit.options' }) {
  const options = useApi(method, {})
  return (
    <Select
      id={props.id}
      showSearch={{ filterOption: matchesOption }}
      allowClear={props.allowClear}
      placeholder={placeholder}
      style={props.style}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? null)}
      options={(options.data ?? [])
        .filter((o) => !o.archived || o.id === props.value)
        .map((o) => ({ value: o.id, label: o.archived ? `${o.name}(已归档)` : o.name, search: o.search }))}
    />
  )
}

export const CommunitySelect = (props: PickerProps) => <RegisterSelect method="community.options" placeholder="选择村居" {...props} />
export const UnitSelect = (props: PickerProps) => <RegisterSelect method="unit.options" placeholder="选择单位" {...props} />

function UnitForm({ editing, onClose }: { editing: Unit | 'new' | null; onClose: () => void }) {
  const create = useCall('unit.create')
  const update = useCall('unit.update')
  const initial = editing && editing !== 'new' ? editing : { kind: '机关' as const }
  return (
    <FormModal<Values>
      title={editing === 'new' ? '新建报到单位' : '编辑报到单位'}
      open={!!editing}
      initialValues={initial}
      onClose={onClose}
      onSubmit={(v) => {
        const input = { ...v, communityId: v.communityId ?? null }
        return editing && editing !== 'new' ? update.mutateAsync({ ...input, id: editing.id }) : create.mutateAsync(input)
      }}
    >
      <Form.Item name="name" label="单位名称" rules={[{ required: true, whitespace: true, message: '请填写单位名称' }, { max: 60 }]}>
        <Input placeholder="如:佛山供电局" />
      </Form.Item>
      <Form.Item name="kind" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
        <Select options={UNIT_KINDS.map((k) => ({ label: k, value: k }))} />
      </Form.Item>
      <Form.Item name="partyOrg" label="党组织名称" rules={[{ max: 60 }]}>
        <Input placeholder="如:中共佛山供电局机关支部委员会" />
      </Form.Item>
      <div className="form-row">
        <Form.Item name="contact" label="联系人" rules={[{ max: 20 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label="联系电话" rules={[CONTACT_PHONE_RULE]}>
          <Input />
        </Form.Item>
      </div>
      <Form.Item name="communityId" label="结对村居(单位报到)">
        <CommunitySelect allowClear placeholder="未结对" />
      </Form.Item>
      <Form.Item name="note" label="备注" rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  )
}

export function UnitTable({ fixed = {} }: { fixed?: { communityId?: number } }) {
  const { state, filter, onTableChange, pagination, sortOrder } = useListState<{ kind?: Unit['kind']; communityId?: number }>(fixed)
  const list = useApi('unit.list', state as In<'unit.list'>)
  const [editing, setEditing] = useState<Unit | 'new' | null>(null)
  return (
    <>
      <Toolbar>
        <Input.Search placeholder="单位名称、党组织、联系人或拼音首字母" allowClear style={{ width: 300 }} onSearch={(keyword) => filter({ keyword })} />
        <Select placeholder="单位类型" allowClear style={{ width: 130 }} value={state.kind} onChange={(kind) => filter({ kind })} options={UNIT_KINDS.map((k) => ({ label: k, value: k }))} />
        {!fixed.communityId && <CommunitySelect allowClear placeholder="结对村居" style={{ width: 160 }} value={state.communityId} onChange={(v) => filter({ communityId: v ?? undefined })} />}
        <ArchivedFilter value={state.archived} onChange={(archived) => filter({ archived })} />
        {!fixed.communityId && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新建单位
          </Button>
        )}
      </Toolbar>
      <Table<Unit>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows}
        pagination={pagination(list.data?.total)}
        onChange={onTableChange}
        columns={[
          { title: '单位名称', dataIndex: 'name', key: 'name', sorter: true, sortOrder: sortOrder('name'), render: (v, u) => <Link to={`/units/${u.id}`}>{v}</Link> },
          { title: '类型', dataIndex: 'kind', key: 'kind', width: 100, sorter: true, sortOrder: sortOrder('kind') },
          { title: '党组织', dataIndex: 'partyOrg', ellipsis: true },
          { title: '联系人', dataIndex: 'contact', width: 90 },
          { title: '联系电话', dataIndex: 'phone', width: 170, render: (v: string) => <Masked masked={maskPhone(v)} reveal={async () => v} label="电话" /> },
          { title: '结对村居', dataIndex: 'communityName', width: 120, render: (v, u) => (v ? <Link to={`/communities/${u.communityId}`}>{v}</Link> : '—') },
          { title: '在册党员', dataIndex: 'memberCount', key: 'memberCount', width: 110, align: 'right', sorter: true, sortOrder: sortOrder('memberCount') },
          {
            title: '操作',
            width: 150,
            render: (_, u) => (
              <Space>
                <Button size="small" onClick={() => setEditing(u)}>
                  编辑
                </Button>
                <RemoveButton
                  what="该单位"
                  history={u.memberCount ? `${u.memberCount} 名党员` : ''}
                  archived={!!u.archivedAt}
                  remove={() => call('unit.remove', { id: u.id })}
                  restore={() => call('unit.restore', { id: u.id })}
                />
              </Space>
            )
          }
        ]}
      />
      <UnitForm editing={editing} onClose={() => setEditing(null)} />
    </>
  )
}

export function UnitsPage() {
  return (
    <Card>
      <h2 className="page-title">报到单位</h2>
      <UnitTable />
    </Card>
  )
}

export function UnitPage() {
  const id = Number(useParams().id)
  const navigate = useNavigate()
  const u = useApi('unit.get', { id })
  const [editing, setEditing] = useState<Unit | null>(null)
  if (u.error) return <Card>{u.error.message}</Card>
  const d = u.data
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card loading={!d}>
        {d && (
          <>
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <h2 className="page-title">
                {d.name} {d.archivedAt && <Tag>已归档</Tag>}
              </h2>
              <Space>
                <Button onClick={() => setEditing(d)}>编辑</Button>
                <RemoveButton
                  what="该单位"
                  history={d.memberCount ? `${d.memberCount} 名党员` : ''}
                  archived={!!d.archivedAt}
                  remove={() => call('unit.remove', { id })}
                  restore={() => call('unit.restore', { id })}
                  onRemoved={(r) => r.outcome === 'deleted' && navigate('/units')}
                />
              </Space>
            </Space>
            <Descriptions
              column={3}
              items={[
                { label: '单位类型', children: d.kind },
                { label: '党组织', children: d.partyOrg || '—' },
                { label: '结对村居', children: d.communityName ? <Link to={`/communities/${d.communityId}`}>{d.communityName}</Link> : '未结对' },
                { label: '联系人', children: d.contact || '—' },
                { label: '联系电话', children: d.phone || '—' },
                { label: '备注', children: d.note || '—' }
              ]}
            />
            <Statistic title="在册党员" value={d.memberCount} suffix="人" />
          </>
        )}
      </Card>
      <UnitRecordCard unitId={id} />
      <Card title="本单位党员">
        <MemberTable fixed={{ unitId: id }} />
      </Card>
      <UnitForm editing={editing} onClose={() => setEditing(null)} />
      <Typography.Text type="secondary">
        <Link to="/units">← 返回单位列表</Link>
      </Typography.Text>
    </Space>
  )
}

/** The quarter a date falls in, as the period a record is usually asked for. */
function quarterOf(d: Dayjs): [Dayjs, Dayjs] {
  const start = d.month(Math.floor(d.month() / 3) * 3).startOf('month')
  return [start, start.add(2, 'month').endOf('month')]
}

/** The record sent back to a work unit (双报到): its members, where they reported and how they served in a period. */
function UnitRecordCard({ unitId }: { unitId: number }) {
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => quarterOf(dayjs()))
  const record = useApi('unit.record', { id: unitId, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') })
  const rows = record.data?.rows ?? []
  const sum = (k: 'events' | 'hours' | 'claims' | 'claimsDone' | 'claimHours' | 'feedback' | 'satisfied'): number => Math.round(rows.reduce((t, r) => t + r[k], 0) * 100) / 100
  return (
    <Card
      title="单位党员服务情况(双报到反馈)"
      extra={<DatePicker.RangePicker value={range} allowClear={false} onChange={(r) => r?.[0] && r[1] && setRange([r[0], r[1]])} aria-label="统计期间" />}
    >
      <Table<UnitRecordRow>
        rowKey="memberId"
        size="small"
        loading={record.isFetching}
        dataSource={rows}
        pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 人` }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 90, render: (v, r) => <Link to={`/members/${r.memberId}`}>{v}</Link> },
          { title: '报到村居', dataIndex: 'communityName', width: 120 },
          { title: '报到日期', dataIndex: 'registeredAt', width: 110 },
          { title: '状态', dataIndex: 'status', width: 80 },
          { title: '参加活动', dataIndex: 'events', width: 90, align: 'right' },
          { title: '活动时长', dataIndex: 'hours', width: 90, align: 'right' },
          { title: '认领项目', dataIndex: 'claims', width: 90, align: 'right' },
          { title: '完成认领', dataIndex: 'claimsDone', width: 90, align: 'right' },
          { title: '认领时长', dataIndex: 'claimHours', width: 90, align: 'right' },
          { title: '群众评价', width: 110, align: 'right', render: (_, r) => (r.feedback ? `${r.satisfied}/${r.feedback} 满意` : '—') }
        ]}
        summary={() =>
          rows.length ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={4}>
                合计 {rows.length} 人
              </Table.Summary.Cell>
              {(['events', 'hours', 'claims', 'claimsDone', 'claimHours'] as const).map((k, i) => (
                <Table.Summary.Cell key={k} index={4 + i} align="right">
                  {sum(k)}
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={9} align="right">
                {sum('feedback') ? `${sum('satisfied')}/${sum('feedback')} 满意` : '—'}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </Card>
  )
}
