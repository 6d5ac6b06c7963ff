import { PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Select, Space, Statistic, Table, Tag, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { NEED_SOURCES, NEED_STATUSES, type Claim, type Input as In, type Need, type SuggestedMember } from '../../../shared/api'
import { ApiCallError, useApi, useCall } from '../api'
import { FormModal } from '../components/FormModal'
import { Toolbar, useListState, usePage } from '../components/list'
import { formatHours } from '../format'
import { FeedbackButton } from './feedback'
import { CommunitySelect } from './units'

export const STATUS_COLORS: Record<string, string> = { 待认领: 'orange', 认领中: 'blue', 已满: 'purple', 已完成: 'green', 已关闭: 'default' }
const CLAIM_COLORS: Record<Claim['status'], string> = { 已认领: 'blue', 进行中: 'cyan', 已完成: 'green', 已放弃: 'default' }

type Values = Omit<In<'need.create'>, 'periodStart' | 'periodEnd'> & { period?: [Dayjs | null, Dayjs | null] | null }

export function useNeedCategories(): string[] {
  return useApi('app.info', {}).data?.needCategories ?? []
}

function NeedForm({ editing, defaults = {}, onClose }: { editing: Need | 'new' | null; defaults?: { communityId?: number }; onClose: () => void }) {
  const create = useCall('need.create')
  const update = useCall('need.update')
  const categories = useNeedCategories()
  const initial: Partial<Values> =
    editing && editing !== 'new'
      ? { ...editing, period: [editing.periodStart ? dayjs(editing.periodStart) : null, editing.periodEnd ? dayjs(editing.periodEnd) : null] }
      : { places: 1, source: '社区列出', skills: [], ...defaults }
  return (
    <FormModal<Values>
      title={editing === 'new' ? '新建服务清单项目' : '编辑服务清单项目'}
      open={!!editing}
      initialValues={initial}
      onClose={onClose}
      width={720}
      onSubmit={({ period, ...v }) => {
        const input = { ...v, periodStart: period?.[0]?.format('YYYY-MM-DD') ?? '', periodEnd: period?.[1]?.format('YYYY-MM-DD') ?? '' }
        return editing && editing !== 'new' ? update.mutateAsync({ ...input, id: editing.id }) : create.mutateAsync(input)
      }}
    >
      <Form.Item name="title" label="项目名称" rules={[{ required: true, whitespace: true, message: '请填写项目名称' }, { max: 100 }]}>
        <Input placeholder="如:3栋加装电梯协调" />
      </Form.Item>
      <div className="form-row">
        <Form.Item name="communityId" label="村居" rules={[{ required: true, message: '请选择村居' }]}>
          <CommunitySelect />
        </Form.Item>
        <Form.Item name="category" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
          <Select options={categories.map((c) => ({ label: c, value: c }))} />
        </Form.Item>
      </div>
      <div className="form-row">
        <Form.Item name="places" label="需认领人数" rules={[{ required: true, message: '请填写需认领人数' }]}>
          <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="source" label="来源">
          <Select options={NEED_SOURCES.map((s) => ({ label: s, value: s }))} />
        </Form.Item>
        <Form.Item name="period" label="服务期限(选填)">
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <Form.Item name="skills" label="所需特长(选填,用于推荐党员)">
        <Select mode="tags" placeholder="输入后回车" />
      </Form.Item>
      <Form.Item name="description" label="项目内容" rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  )
}

type Filters = { communityId?: number; category?: string; status?: Need['status']; source?: Need['source'] }

export function NeedTable({ fixed = {} }: { fixed?: { communityId?: number } }) {
  const { state, filter, onTableChange, pagination, sortOrder } = useListState<Filters>(fixed)
  const list = useApi('need.list', state as In<'need.list'>)
  const categories = useNeedCategories()
  const [editing, setEditing] = useState<Need | 'new' | null>(null)
  return (
    <>
      <Toolbar>
        <Input.Search placeholder="项目名称、类别或拼音首字母" allowClear style={{ width: 260 }} onSearch={(keyword) => filter({ keyword })} />
        {!fixed.communityId && <CommunitySelect allowClear placeholder="村居" style={{ width: 150 }} value={state.communityId} onChange={(v) => filter({ communityId: v ?? undefined })} />}
        <Select placeholder="类别" allowClear style={{ width: 190 }} value={state.category} onChange={(category) => filter({ category })} options={categories.map((c) => ({ label: c, value: c }))} />
        <Select placeholder="状态" allowClear style={{ width: 110 }} value={state.status} onChange={(status) => filter({ status })} options={NEED_STATUSES.map((s) => ({ label: s, value: s }))} />
        <Select placeholder="来源" allowClear style={{ width: 130 }} value={state.source} onChange={(source) => filter({ source })} options={NEED_SOURCES.map((s) => ({ label: s, value: s }))} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建项目
        </Button>
      </Toolbar>
      <Table<Need>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows}
        pagination={pagination(list.data?.total)}
        onChange={onTableChange}
        columns={[
          { title: '项目名称', dataIndex: 'title', key: 'title', sorter: true, sortOrder: sortOrder('title'), render: (v, n) => <Link to={`/needs/${n.id}`}>{v}</Link> },
          { title: '村居', dataIndex: 'communityName', key: 'community', width: 120, sorter: true, sortOrder: sortOrder('community') },
          { title: '类别', dataIndex: 'category', key: 'category', width: 170, sorter: true, sortOrder: sortOrder('category') },
          { title: '来源', dataIndex: 'source', width: 100 },
          { title: '认领', width: 110, render: (_, n) => `${n.open + n.done} / ${n.places} 人` },
          { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => <Tag color={STATUS_COLORS[s]}>{s}</Tag> },
          { title: '登记时间', dataIndex: 'createdAt', key: 'createdAt', width: 120, sorter: true, sortOrder: sortOrder('createdAt'), render: (v: string) => v.slice(0, 10) }
        ]}
      />
      <NeedForm editing={editing} defaults={fixed} onClose={() => setEditing(null)} />
    </>
  )
}

export function NeedsPage() {
  return (
    <Card>
      <h2 className="page-title">服务清单</h2>
      <NeedTable />
    </Card>
  )
}

/** Pick who claims a need: suggested members of its community first, or anyone found by search. */
export function ClaimPanel({ need, onDone }: { need: Need; onDone?: () => void }) {
  const [keyword, setKeyword] = useState('')
  const suggested = useApi('need.suggest', { needId: need.id, keyword })
  const add = useCall('claim.add')
  const { message } = App.useApp()
  const [picked, setPicked] = useState<number[]>([])
  const [over, setOver] = useState(false)
  const left = need.places - need.open - need.done
  const submit = (): void => {
    add.mutateAsync({ needId: need.id, memberIds: picked, overPlaces: over }).then(
      (r) => {
        message.success(`已为 ${r.added} 人登记认领`)
        setPicked([])
        onDone?.()
      },
      (e: ApiCallError) => message.error(e.message)
    )
  }
  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text>
          推荐本村居党员(特长相符、认领少的在前),还剩 <b>{Math.max(left, 0)}</b> 个名额
        </Typography.Text>
        <Input.Search placeholder="查找党员" allowClear size="small" style={{ width: 200 }} onSearch={setKeyword} />
      </Space>
      <Table<SuggestedMember>
        rowKey="id"
        size="small"
        loading={suggested.isFetching}
        dataSource={suggested.data}
        pagination={{ pageSize: 8, size: 'small' }}
        rowSelection={{ selectedRowKeys: picked, onChange: (keys) => setPicked(keys as number[]) }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 90 },
          { title: '工作单位', dataIndex: 'unitName', ellipsis: true },
          { title: '特长', dataIndex: 'skills', render: (s: string[], m) => s.map((t) => <Tag key={t} color={m.matched.includes(t) ? 'red' : undefined}>{t}</Tag>) },
          { title: '未完成认领', dataIndex: 'openClaims', width: 100, align: 'right' }
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        <Checkbox checked={over} onChange={(e) => setOver(e.target.checked)}>
          超额认领(名额已满时仍登记)
        </Checkbox>
        <Button type="primary" disabled={!picked.length} loading={add.isPending} onClick={submit}>
          认领{picked.length ? ` ${picked.length} 人` : ''}
        </Button>
      </Space>
    </div>
  )
}

function ClaimActions({ claim }: { claim: Claim }) {
  const update = useCall('claim.update')
  const { message } = App.useApp()
  const [finishing, setFinishing] = useState<'已完成' | '已放弃' | null>(null)
  const run = (input: In<'claim.update'>): Promise<unknown> =>
    update.mutateAsync(input).then(
      () => message.success(`已更新为"${input.status}"`),
      (e: ApiCallError) => {
        message.error(e.message)
        throw e
      }
    )
  if (claim.status === '已完成') return <FeedbackButton memberId={claim.memberId} memberName={claim.memberName} claimId={claim.id} />
  if (claim.status === '已放弃') return null
  return (
    <Space>
      {claim.status === '已认领' && (
        <Button size="small" onClick={() => void run({ id: claim.id, status: '进行中' }).catch(() => {})}>
          开始
        </Button>
      )}
      <Button size="small" type="primary" onClick={() => setFinishing('已完成')}>
        完成
      </Button>
      <Button size="small" onClick={() => setFinishing('已放弃')}>
        放弃
      </Button>
      <FormModal<{ hours?: number; finishedOn?: Dayjs; note?: string; reason?: string }>
        title={finishing === '已完成' ? `${claim.memberName}完成认领` : `${claim.memberName}放弃认领`}
        open={!!finishing}
        width={480}
        initialValues={{ finishedOn: dayjs() }}
        onClose={() => setFinishing(null)}
        onSubmit={(v) => run({ id: claim.id, status: finishing!, hours: v.hours, finishedOn: v.finishedOn?.format('YYYY-MM-DD') ?? '', note: v.note ?? '', reason: v.reason ?? '' })}
      >
        <Form.Item name="finishedOn" label={finishing === '已完成' ? '完成日期' : '放弃日期'}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {finishing === '已完成' ? (
          <>
            <Form.Item name="hours" label="服务时长(小时)" rules={[{ required: true, message: '请填写服务时长' }]}>
              <InputNumber min={0} step={0.5} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="note" label="完成情况" rules={[{ max: 500 }]}>
              <Input.TextArea rows={2} placeholder="做了什么" />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="reason" label="放弃原因" rules={[{ required: true, whitespace: true, message: '请填写放弃原因' }, { max: 200 }]}>
            <Input />
          </Form.Item>
        )}
      </FormModal>
    </Space>
  )
}

export function ClaimsTable({ needId, memberId }: { needId?: number; memberId?: number }) {
  const { page, pagination } = usePage()
  const list = useApi('claim.list', { needId, memberId, ...page })
  return (
    <Table<Claim>
      rowKey="id"
      size="small"
      loading={list.isFetching}
      dataSource={list.data?.rows}
      pagination={pagination(list.data?.total)}
      columns={[
        needId
          ? { title: '党员', dataIndex: 'memberName', width: 90, render: (v: string, c: Claim) => <Link to={`/members/${c.memberId}`}>{v}</Link> }
          : { title: '项目', dataIndex: 'needTitle', render: (v: string, c: Claim) => <Link to={`/needs/${c.needId}`}>{v}</Link> },
        needId ? { title: '工作单位', dataIndex: 'unitName', ellipsis: true } : { title: '村居', dataIndex: 'communityName', width: 110 },
        { title: '认领日期', dataIndex: 'claimedOn', width: 110 },
        { title: '状态', dataIndex: 'status', width: 120, render: (s: Claim['status'], c) => <><Tag color={CLAIM_COLORS[s]}>{s}</Tag>{c.overPlaces && <Tag>超额</Tag>}</> },
        { title: '完成/放弃', width: 110, render: (_, c) => c.finishedOn ?? '—' },
        { title: '时长', dataIndex: 'hours', width: 90, align: 'right', render: (h: number | null) => (h === null ? '—' : formatHours(h)) },
        { title: '说明', ellipsis: true, render: (_, c) => c.note || c.reason || '—' },
        { title: '操作', width: 190, render: (_, c) => <ClaimActions claim={c} /> }
      ]}
    />
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
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <h2 className="page-title">
                {d.title} <Tag color={STATUS_COLORS[d.status]}>{d.status}</Tag>
              </h2>
              <Space>
                <Button onClick={() => setEditing(d)}>编辑</Button>
                {d.closedAt ? (
                  <Button onClick={() => reopen.mutateAsync({ id }).then(() => message.success('已重新开放'), (e: ApiCallError) => message.error(e.message))}>重新开放</Button>
                ) : (
                  <Button
                    onClick={() => {
                      let reason = ''
                      modal.confirm({
                        title: '关闭该项目?',
                        content: <Input placeholder="关闭原因(选填)" onChange={(e) => (reason = e.target.value)} />,
                        okText: '关闭项目',
                        cancelText: '取消',
                        onOk: () => close.mutateAsync({ id, reason }).then(() => message.success('项目已关闭'), (e: ApiCallError) => message.error(e.message))
                      })
                    }}
                  >
                    关闭项目
                  </Button>
                )}
              </Space>
            </Space>
            <Descriptions
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
      {d && (
        <Card title="为该项目举办的活动">
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.events}
            locale={{ emptyText: '还没有活动。新建活动时可选择"服务清单项目"。' }}
            columns={[
              { title: '日期', dataIndex: 'date', width: 120 },
              { title: '活动', dataIndex: 'title', render: (v, e) => <Link to={`/events/${e.id}`}>{v}</Link> },
              { title: '签到人数', dataIndex: 'attendanceCount', width: 100, align: 'right' }
            ]}
          />
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
            参与服务的党员:{d.served.length ? d.served.map((s) => <Tag key={s.memberId}><Link to={`/members/${s.memberId}`}>{s.name}</Link>({s.via})</Tag>) : '暂无'}
          </Typography.Paragraph>
        </Card>
      )}
      <NeedForm editing={editing} onClose={() => setEditing(null)} />
    </Space>
  )
}
