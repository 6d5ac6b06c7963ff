import { PlusOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link } from 'react-router'
import type { AdjustmentInfo, AssessPeriod, MinimumCheck, PointLine, RereportCheck } from '../../../../shared/api'
import { useApi, useCall } from '../../api'
import { formatDateTime, today } from '../../format'
import { num } from './period'
import { gradeColor, StatusLine } from './ResultsTab'

const SOURCE_COLORS: Record<string, string> = { 基础分: 'default', 活动: 'blue', 认领: 'cyan', 建议: 'purple', 评价: 'gold', 加减分: 'orange', 封顶: 'red' }

/** A member's 考核 for a period: the score as a list of point lines (each naming its record), the minimum checks and the grade. */
export function MemberAssessment({ memberId, year, period }: { memberId: number; year: number; period: AssessPeriod }) {
  const q = useApi('assessment.member', { memberId, year, period })
  const [adding, setAdding] = useState<'adjust' | 'rereport' | null>(null)
  if (q.error) return <Alert type="error" showIcon title={q.error.message} />
  const d = q.data
  if (!d) return <Card loading />
  const r = d.result
  const open = !d.status.confirmed
  const sum = d.lines.reduce((s, l) => s + Math.round(l.points * 100), 0) / 100
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <StatusLine status={d.status} />
      <Card>
        {r ? (
          <Descriptions
            column={4}
            items={[
              { label: '得分', children: <strong data-testid="assess-points">{num(r.points)} 分</strong> },
              { label: '等次', children: r.rated ? <Tag color={gradeColor(r.grade, d.status.grades)} data-testid="assess-grade">{r.grade}</Tag> : <Tag>不参评</Tag> },
              { label: '参加活动', children: `${r.activities} 次` },
              { label: '计入时长', children: `${num(r.hours)} 小时` },
              { label: '报到村居', children: r.communityName },
              { label: '工作单位', children: r.unitName ?? '—' },
              { label: '最低要求', children: r.met ? <Tag color="green">已达到</Tag> : <Typography.Text type="danger">{r.shortfall}</Typography.Text> },
              { label: '复报到', children: r.rereported === null ? '方案不要求' : r.rereported ? <Tag color="green">已按期复报到</Tag> : <Tag color="red">未按期复报到</Tag> }
            ]}
          />
        ) : null}
        {d.explain.map((x, i) => (
          <Typography.Paragraph key={x} style={{ marginBottom: 4, marginTop: i === 0 && r ? 12 : 0 }}>
            {x}
          </Typography.Paragraph>
        ))}
      </Card>
      {r && (
        <Card title="计分明细（每一分的来源）">
          <Table<PointLine>
            rowKey={(l, i) => `${l.source}-${l.sourceId ?? 'x'}-${i}`}
            size="small"
            dataSource={d.lines}
            pagination={false}
            data-testid="point-lines"
            columns={[
              { title: '日期', dataIndex: 'date', width: 110 },
              { title: '来源', dataIndex: 'source', width: 80, render: (s: string) => <Tag color={SOURCE_COLORS[s]}>{s}</Tag> },
              { title: '事项', dataIndex: 'label', render: (v: string, l) => (l.ref ? <Link to={`/${l.ref.kind === 'event' ? 'events' : 'needs'}/${l.ref.id}`}>{v}</Link> : v) },
              { title: '记录时长', dataIndex: 'hours', width: 90, align: 'right', render: (v: number | null) => (v === null ? '' : num(v)) },
              { title: '计入时长', dataIndex: 'countedHours', width: 90, align: 'right', render: (v: number | null) => (v === null ? '' : num(v)) },
              { title: '得分', dataIndex: 'points', width: 80, align: 'right', render: (v: number) => (v > 0 ? `+${num(v)}` : num(v)) },
              { title: '怎么算的', dataIndex: 'detail', render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text> }
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={5}>
                  合计 {d.lines.length} 项
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  <strong data-testid="lines-sum">{num(sum)}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={6} />
              </Table.Summary.Row>
            )}
          />
        </Card>
      )}
      {(d.minimums.length > 0 || d.rereport.length > 0) && (
        <Card title="最低要求与复报到">
          {d.minimums.length > 0 && (
            <Table<MinimumCheck>
              rowKey="window"
              size="small"
              pagination={false}
              dataSource={d.minimums}
              columns={[
                { title: '周期', dataIndex: 'window', width: 100 },
                { title: '起止', key: 'range', width: 200, render: (_, m) => `${m.from} 至 ${m.to}` },
                { title: '活动（已参加/要求）', key: 'acts', render: (_, m) => `${m.activities.done} / ${m.activities.need} 次` },
                { title: '时长（已计/要求）', key: 'hours', render: (_, m) => `${num(m.hours.done)} / ${num(m.hours.need)} 小时` },
                {
                  title: '结果',
                  key: 'met',
                  render: (_, m) => (m.notStarted ? <Tag>尚未开始</Tag> : m.waived ? <Tag>未报到在册，不要求</Tag> : m.met ? <Tag color="green">已达到</Tag> : <Tag color="red">{m.shortfall}</Tag>)
                }
              ]}
            />
          )}
          {d.rereport.length > 0 && (
            <Table<RereportCheck>
              rowKey="half"
              size="small"
              pagination={false}
              style={{ marginTop: 12 }}
              dataSource={d.rereport}
              columns={[
                { title: '半年', dataIndex: 'half', width: 100 },
                { title: '起止', key: 'range', width: 200, render: (_, h) => `${h.from} 至 ${h.to}` },
                { title: '复报到', key: 'done', render: (_, h) => (h.waived ? <Tag>{h.how}</Tag> : h.done ? <Tag color="green">{h.how}</Tag> : <Tag color="red">{h.how}</Tag>) }
              ]}
            />
          )}
        </Card>
      )}
      <Card
        title="加减分"
        extra={
          <Space>
            <Button icon={<PlusOutlined />} disabled={!open} onClick={() => setAdding('adjust')}>
              登记加减分
            </Button>
            <Button icon={<PlusOutlined />} disabled={!open} onClick={() => setAdding('rereport')}>
              登记复报到
            </Button>
          </Space>
        }
      >
        <Adjustments items={d.adjustments} open={open} />
        {d.rereports.length > 0 && <Rereports items={d.rereports} open={open} />}
        {!open && <Typography.Text type="secondary">本期结果已确认，如需登记请先重新打开该考核期。</Typography.Text>}
      </Card>
      <AdjustDialog memberId={memberId} open={adding === 'adjust'} onClose={() => setAdding(null)} />
      <RereportDialog memberId={memberId} open={adding === 'rereport'} onClose={() => setAdding(null)} />
    </Space>
  )
}

function Adjustments({ items, open }: { items: AdjustmentInfo[]; open: boolean }) {
  const voidIt = useCall('assessment.voidAdjustment')
  const { message } = App.useApp()
  const [voiding, setVoiding] = useState<AdjustmentInfo | null>(null)
  const [reason, setReason] = useState('')
  return (
    <>
      <Table<AdjustmentInfo>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={items}
        locale={{ emptyText: '本期没有加减分' }}
        columns={[
          { title: '日期', dataIndex: 'date', width: 110 },
          { title: '分值', dataIndex: 'points', width: 80, align: 'right', render: (v: number, a) => <span style={{ textDecoration: a.voidedAt ? 'line-through' : undefined }}>{v > 0 ? `+${v}` : v}</span> },
          { title: '理由', dataIndex: 'reason' },
          { title: '登记时间', dataIndex: 'createdAt', width: 160, render: formatDateTime },
          {
            title: '',
            key: 'void',
            width: 200,
            render: (_, a) =>
              a.voidedAt ? (
                <Typography.Text type="secondary">已作废：{a.voidReason}</Typography.Text>
              ) : open ? (
                <Button size="small" danger onClick={() => (setReason(''), setVoiding(a))}>
                  作废
                </Button>
              ) : null
          }
        ]}
      />
      <Modal
        title="作废加减分"
        open={!!voiding}
        okText="作废"
        cancelText="取消"
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        onCancel={() => setVoiding(null)}
        onOk={() => voidIt.mutateAsync({ id: voiding!.id, reason }).then(() => (setVoiding(null), message.success('已作废')), (e: Error) => message.error(e.message))}
      >
        <Input.TextArea aria-label="作废原因" rows={2} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="作废原因（记入操作日志）" />
      </Modal>
    </>
  )
}

function Rereports({ items, open }: { items: Array<{ id: number; date: string; note: string }>; open: boolean }) {
  const remove = useCall('assessment.removeRereport')
  const { message } = App.useApp()
  return (
    <div style={{ marginTop: 12 }}>
      <Typography.Text strong>复报到确认：</Typography.Text>
      {items.map((r) => (
        <Tag key={r.id} closable={open} onClose={(e) => (e.preventDefault(), remove.mutateAsync({ id: r.id }).then(() => message.success('已删除'), (err: Error) => message.error(err.message)))}>
          {r.date}
          {r.note ? ` ${r.note}` : ''}
        </Tag>
      ))}
    </div>
  )
}

function AdjustDialog({ memberId, open, onClose }: { memberId: number; open: boolean; onClose: () => void }) {
  const add = useCall('assessment.adjust')
  const { message } = App.useApp()
  const [date, setDate] = useState<Dayjs>(() => today())
  const [points, setPoints] = useState<number | null>(null)
  const [reason, setReason] = useState('')
  return (
    <Modal
      title="登记加减分"
      open={open}
      okText="登记"
      cancelText="取消"
      destroyOnHidden
      okButtonProps={{ disabled: !points || !reason.trim(), loading: add.isPending }}
      onCancel={onClose}
      onOk={() => add.mutateAsync({ memberId, date: date.format('YYYY-MM-DD'), points: points!, reason }).then(() => (message.success('已登记'), setPoints(null), setReason(''), onClose()), (e: Error) => message.error(e.message))}
    >
      <Form layout="vertical">
        <Form.Item label="日期（决定计入哪个考核期）">
          <DatePicker aria-label="加减分日期" value={date} allowClear={false} onChange={(v) => v && setDate(v)} />
        </Form.Item>
        <Form.Item label="分值（加分填正数，扣分填负数）">
          <InputNumber aria-label="分值" value={points} onChange={setPoints} suffix="分" />
        </Form.Item>
        <Form.Item label="理由">
          <Input.TextArea aria-label="加减分理由" rows={2} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="如：抗洪抢险受区委表彰" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function RereportDialog({ memberId, open, onClose }: { memberId: number; open: boolean; onClose: () => void }) {
  const add = useCall('assessment.rereport')
  const { message } = App.useApp()
  const [date, setDate] = useState<Dayjs>(() => today())
  const [note, setNote] = useState('')
  return (
    <Modal
      title="登记复报到"
      open={open}
      okText="登记"
      cancelText="取消"
      okButtonProps={{ loading: add.isPending }}
      onCancel={onClose}
      onOk={() => add.mutateAsync({ memberIds: [memberId], date: date.format('YYYY-MM-DD'), note }).then((r) => (message.success(r.added ? '已登记' : '这一天已登记过'), onClose()), (e: Error) => message.error(e.message))}
    >
      <Form layout="vertical">
        <Form.Item label="复报到日期">
          <DatePicker aria-label="复报到日期" value={date} allowClear={false} onChange={(v) => v && setDate(v)} />
        </Form.Item>
        <Form.Item label="备注">
          <Input aria-label="复报到备注" maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} placeholder="如：到社区党群服务中心现场复报到" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
