import { App, Button, DatePicker, Form, Input, InputNumber, Space, Table, Tag } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link } from 'react-router'
import type { Claim, Input as In } from '../../../../shared/api'
import { ApiCallError, useApi, useCall } from '../../api'
import { FormModal } from '../../components/FormModal'
import { useColumns } from '../../components/columns'
import { usePage } from '../../components/list'
import { formatHours, today } from '../../format'
import { FeedbackButton } from '../feedback/FeedbackButton'

/** A claim's status as a tag colour, a member's claim or a unit's 共建项目. */
export const CLAIM_COLORS: Record<Claim['status'], string> = { 已认领: 'blue', 进行中: 'cyan', 已完成: 'green', 已放弃: 'default' }

/** The steps an open claim can take (a member's or a unit's, the same lifecycle): 开始 while 已认领, then 完成 or 放弃. */
export function ClaimSteps({ status, onStart, onFinish }: { status: Claim['status']; onStart: () => void; onFinish: (to: '已完成' | '已放弃') => void }) {
  return (
    <>
      {status === '已认领' && (
        <Button size="small" onClick={onStart}>
          开始
        </Button>
      )}
      <Button size="small" type="primary" onClick={() => onFinish('已完成')}>
        完成
      </Button>
      <Button size="small" onClick={() => onFinish('已放弃')}>
        放弃
      </Button>
    </>
  )
}

function ClaimActions({ claim }: { claim: Claim }) {
  const update = useCall('claim.update')
  const { message } = App.useApp()
  const [finishing, setFinishing] = useState<'已完成' | '已放弃' | null>(null)
  const run = (input: In<'claim.update'>): Promise<unknown> =>
    update.mutateAsync(input).then(
      () => message.success(`已更新为“${input.status}”`),
      (e: ApiCallError) => {
        message.error(e.message)
        throw e
      }
    )
  if (claim.status === '已完成') return <FeedbackButton memberId={claim.memberId} memberName={claim.memberName} claimId={claim.id} />
  if (claim.status === '已放弃') return null
  return (
    <Space>
      <ClaimSteps status={claim.status} onStart={() => void run({ id: claim.id, status: '进行中' }).catch(() => {})} onFinish={setFinishing} />
      <FormModal<{ hours?: number; finishedOn?: Dayjs; note?: string; reason?: string }>
        title={finishing === '已完成' ? `${claim.memberName}完成认领` : `${claim.memberName}放弃认领`}
        open={!!finishing}
        width={480}
        initialValues={{ finishedOn: today() }}
        onClose={() => setFinishing(null)}
        onSubmit={(v) => run({ id: claim.id, status: finishing!, hours: v.hours, finishedOn: v.finishedOn?.format('YYYY-MM-DD') ?? '', note: v.note ?? '', reason: v.reason ?? '' })}
      >
        <Form.Item name="finishedOn" label={finishing === '已完成' ? '完成日期' : '放弃日期'}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {finishing === '已完成' ? (
          <>
            <Form.Item name="hours" label="服务时长（小时）" rules={[{ required: true, message: '请填写服务时长' }]}>
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
  const { columns, scroll } = useColumns<Claim>(undefined, [
    needId
      ? { title: '党员', dataIndex: 'memberName', key: 'member', width: 90, clip: true, render: (v: string, c: Claim) => <Link to={`/members/${c.memberId}`}>{v}</Link> }
      : { title: '项目', dataIndex: 'needTitle', key: 'need', width: 220, clip: true, render: (v: string, c: Claim) => <Link to={`/needs/${c.needId}`}>{v}</Link> },
    needId ? { title: '工作单位', dataIndex: 'unitName', key: 'unit', width: 180, clip: true } : { title: '村居', dataIndex: 'communityName', key: 'community', width: 104, clip: true },
    { title: '认领日期', dataIndex: 'claimedOn', key: 'claimedOn', width: 108 },
    { title: '状态', dataIndex: 'status', key: 'status', width: 124, render: (s: Claim['status'], c) => <><Tag color={CLAIM_COLORS[s]}>{s}</Tag>{c.overPlaces && <Tag>超额</Tag>}</> },
    { title: '完成/放弃', key: 'finishedOn', width: 108, render: (_, c) => c.finishedOn ?? '—' },
    { title: '时长', dataIndex: 'hours', key: 'hours', width: 84, align: 'right', render: (h: number | null) => (h === null ? '—' : formatHours(h)) },
    { title: '说明', key: 'note', width: 160, clip: (c) => c.note || c.reason, render: (_, c) => c.note || c.reason || '—' },
    { title: '操作', key: 'actions', width: 190, render: (_, c) => <ClaimActions claim={c} /> }
  ])
  return (
    <Table<Claim>
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
