import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link } from 'react-router'
import type { Input as In, UnitClaim } from '../../../../shared/api'
import { ApiCallError, useApi, useCall } from '../../api'
import { FormModal } from '../../components/FormModal'
import { NeedSelect } from '../../components/NeedSelect'
import { UnitSelect } from '../../components/RegisterSelect'
import { useColumns } from '../../components/columns'
import { formatHours, today } from '../../format'
import { CLAIM_COLORS, ClaimSteps } from '../claim/ClaimsTable'


/** The unit's members who served on a project and their hours; the list saved replaces the one kept. */
function ServeDialog({ claim, open, onClose }: { claim: UnitClaim; open: boolean; onClose: () => void }) {
  const serve = useCall('unitClaim.serve')
  const members = useApi('member.list', { unitId: claim.unitId, pageSize: 200 }, open)
  const options = (members.data?.rows ?? []).map((m) => ({ value: m.id, label: `${m.name}（${m.communityName}）` }))
  for (const m of claim.members) if (!options.some((o) => o.value === m.memberId)) options.push({ value: m.memberId, label: m.name })
  return (
    <FormModal<{ members: Array<{ memberId?: number; hours?: number }> }>
      title={`登记参与服务的党员：${claim.needTitle}`}
      name={`serve${claim.id}`}
      open={open}
      width={560}
      initialValues={{ members: claim.members.length ? claim.members.map((m) => ({ memberId: m.memberId, hours: m.hours })) : [{}] }}
      onClose={onClose}
      onSubmit={(v) =>
        serve.mutateAsync({ id: claim.id, members: v.members.filter((m) => m.memberId).map((m) => ({ memberId: m.memberId!, hours: m.hours ?? 0 })) })
      }
    >
      <Typography.Paragraph type="secondary">只登记“{claim.unitName}”的党员；项目完成时，各人的时长计入其认领时长和服务时长。</Typography.Paragraph>
      <Form.List name="members">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                <Form.Item name={[f.name, 'memberId']} rules={[{ required: true, message: '请选择党员' }]} style={{ width: 280 }}>
                  <Select showSearch={{ optionFilterProp: 'label' }} placeholder="本单位党员" options={options} aria-label="参与党员" />
                </Form.Item>
                <Form.Item name={[f.name, 'hours']} rules={[{ required: true, message: '请填写时长' }]}>
                  <InputNumber min={0} step={0.5} placeholder="小时" aria-label="服务时长" style={{ width: 120 }} />
                </Form.Item>
                <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="移除" />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
              添加一人
            </Button>
          </>
        )}
      </Form.List>
    </FormModal>
  )
}

function Actions({ claim }: { claim: UnitClaim }) {
  const update = useCall('unitClaim.update')
  const { message } = App.useApp()
  const [finishing, setFinishing] = useState<'已完成' | '已放弃' | null>(null)
  const [serving, setServing] = useState(false)
  const run = (input: In<'unitClaim.update'>): Promise<unknown> =>
    update.mutateAsync(input).then(
      () => message.success(`已更新为“${input.status}”`),
      (e: ApiCallError) => {
        message.error(e.message)
        throw e
      }
    )
  if (claim.status === '已完成' || claim.status === '已放弃') return null
  return (
    <Space size={4} wrap>
      <Button size="small" onClick={() => setServing(true)}>
        登记参与党员
      </Button>
      <ClaimSteps status={claim.status} onStart={() => void run({ id: claim.id, status: '进行中' }).catch(() => {})} onFinish={setFinishing} />
      <ServeDialog claim={claim} open={serving} onClose={() => setServing(false)} />
      <FormModal<{ finishedOn?: Dayjs; note?: string; reason?: string }>
        title={finishing === '已完成' ? `“${claim.unitName}”完成共建项目` : `“${claim.unitName}”放弃共建项目`}
        name={`finish${claim.id}`}
        open={!!finishing}
        width={480}
        initialValues={{ finishedOn: today() }}
        onClose={() => setFinishing(null)}
        onSubmit={(v) => run({ id: claim.id, status: finishing!, finishedOn: v.finishedOn?.format('YYYY-MM-DD') ?? '', note: v.note ?? '', reason: v.reason ?? '' })}
      >
        <Form.Item name="finishedOn" label={finishing === '已完成' ? '完成日期' : '放弃日期'}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {finishing === '已完成' ? (
          <Form.Item name="note" label="完成情况" rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} placeholder="做了什么" />
          </Form.Item>
        ) : (
          <Form.Item name="reason" label="放弃原因" rules={[{ required: true, whitespace: true, message: '请填写放弃原因' }, { max: 200 }]}>
            <Input />
          </Form.Item>
        )}
      </FormModal>
    </Space>
  )
}

/** 共建项目: needs adopted by units, on a need's page (which units) or a unit's page (which needs). */
export function UnitClaimsTable({ needId, unitId }: { needId?: number; unitId?: number }) {
  const list = useApi('unitClaim.list', { needId, unitId })
  const { columns, scroll } = useColumns<UnitClaim>(undefined, [
    needId
      ? { title: '单位', dataIndex: 'unitName', key: 'unit', width: 180, clip: true, render: (v: string, c: UnitClaim) => <Link to={`/units/${c.unitId}`}>{v}</Link> }
      : { title: '项目', dataIndex: 'needTitle', key: 'need', width: 200, clip: true, render: (v: string, c: UnitClaim) => <Link to={`/needs/${c.needId}`}>{v}</Link> },
    !needId && { title: '村居', dataIndex: 'communityName', key: 'community', width: 104, clip: true },
    { title: '认领日期', dataIndex: 'claimedOn', key: 'claimedOn', width: 108 },
    { title: '状态', dataIndex: 'status', key: 'status', width: 110, render: (s: UnitClaim['status'], c) => <><Tag color={CLAIM_COLORS[s]}>{s}</Tag>{c.overPlaces && <Tag>超额</Tag>}</> },
    { title: '完成/放弃', key: 'finishedOn', width: 108, render: (_, c) => c.finishedOn ?? '—' },
    { title: '参与党员', key: 'members', width: 200, clip: (c) => c.members.map((m) => `${m.name} ${m.hours}小时`).join('、'), render: (_, c) => (c.members.length ? c.members.map((m) => `${m.name} ${m.hours}小时`).join('、') : '—') },
    { title: '时长', dataIndex: 'hours', key: 'hours', width: 80, align: 'right', render: (h: number) => formatHours(h) },
    { title: '操作', key: 'actions', width: 260, render: (_, c) => <Actions claim={c} /> }
  ])
  return (
    <Table<UnitClaim>
      rowKey="id"
      size="small"
      loading={list.isFetching}
      dataSource={list.data}
      pagination={false}
      scroll={scroll}
      locale={{ emptyText: needId ? '还没有单位认领该项目' : '还没有认领共建项目' }}
      columns={columns}
    />
  )
}

/** A unit adopts a need: from the unit's page (choose the need) or the need's page (choose the unit). */
export function AdoptNeed({ needId, unitId, label = '单位认领' }: { needId?: number; unitId?: number; label?: string }) {
  const add = useCall('unitClaim.add')
  const [open, setOpen] = useState(false)
  return (
    <>
      <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <FormModal<{ needId?: number; unitId?: number; claimedOn?: Dayjs; overPlaces?: boolean }>
        title={unitId ? '认领服务清单项目（共建项目）' : '单位认领该项目（共建项目）'}
        name="adopt"
        open={open}
        width={520}
        initialValues={{ needId, unitId, claimedOn: today(), overPlaces: false }}
        onClose={() => setOpen(false)}
        onSubmit={(v) => add.mutateAsync({ needId: needId ?? v.needId!, unitId: unitId ?? v.unitId!, claimedOn: v.claimedOn?.format('YYYY-MM-DD') ?? '', overPlaces: !!v.overPlaces })}
      >
        {!needId && (
          <Form.Item name="needId" label="服务清单项目" rules={[{ required: true, message: '请选择项目' }]}>
            <NeedSelect initial={null} placeholder="输入项目名称查找" />
          </Form.Item>
        )}
        {!unitId && (
          <Form.Item name="unitId" label="认领单位" rules={[{ required: true, message: '请选择单位' }]}>
            <UnitSelect />
          </Form.Item>
        )}
        <Form.Item name="claimedOn" label="认领日期">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="overPlaces" valuePropName="checked">
          <Checkbox>超额认领（名额已满时仍登记；单位认领占 1 个名额）</Checkbox>
        </Form.Item>
      </FormModal>
    </>
  )
}
