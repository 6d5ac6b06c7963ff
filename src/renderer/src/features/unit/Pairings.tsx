import { PaperClipOutlined, PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, DatePicker, Form, Input, Popconfirm, Space, Table, Tag, Typography, Upload } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link } from 'react-router'
import { MAX_SCAN_BYTES, type Agreement, type Pairing } from '../../../../shared/api'
import { ApiCallError, call, useApi, useCall } from '../../api'
import { FormModal } from '../../components/FormModal'
import { fileBase64 } from '../../download'
import { CommunitySelect } from '../../components/RegisterSelect'
import { formatBytes, today } from '../../format'

const day = (d: Dayjs | null | undefined): string => d?.format('YYYY-MM-DD') ?? ''

/** Opens a scanned agreement in a new tab (PDF and images show in the browser), or saves it. */
export function viewScan(id: number, onError: (m: string) => void): void {
  call('agreement.scan', { id }).then((f) => {
    const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))
    const url = URL.createObjectURL(new Blob([bytes], { type: f.type }))
    const a = document.createElement('a')
    a.href = url
    a.target = '_blank'
    a.download = f.fileName
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
  }, (e: Error) => onError(e.message))
}

type AgreementValues = {
  signedOn: Dayjs
  period: [Dayjs, Dayjs]
  unitDuties?: string
  communityDuties?: string
  unitSignatory?: string
  communitySignatory?: string
  note?: string
}

/** 共建协议: period, what each side undertakes, who signed, and the scanned copy (PDF/JPEG/PNG, at most 10 MB). */
export function AgreementDialog({ pairing, editing, onClose }: { pairing: Pairing | null; editing: Agreement | null; onClose: () => void }) {
  const save = useCall('agreement.save')
  const { message } = App.useApp()
  const [scan, setScan] = useState<{ fileName: string; base64: string; size: number } | null | undefined>(undefined)
  const open = !!pairing
  const start = pairing ? dayjs(pairing.startDate) : today()
  const initial: Partial<AgreementValues> = editing
    ? { ...editing, signedOn: dayjs(editing.signedOn), period: [dayjs(editing.validFrom), dayjs(editing.validTo)] }
    : { signedOn: today(), period: [today().isBefore(start) ? start : today(), (today().isBefore(start) ? start : today()).add(1, 'year').subtract(1, 'day')] }
  const close = (): void => {
    setScan(undefined)
    onClose()
  }
  const kept = scan === undefined ? (editing?.scanName ? `${editing.scanName}（${formatBytes(editing.scanSize)}）` : '') : scan ? `${scan.fileName}（${formatBytes(scan.size)}，保存后上传）` : ''
  return (
    <FormModal<AgreementValues>
      name="agreement"
      title={`${editing ? '修改' : '登记'}共建协议：${pairing?.unitName ?? ''} — ${pairing?.communityName ?? ''}`}
      open={open}
      width={720}
      initialValues={initial}
      onClose={close}
      onSubmit={(v) =>
        save
          .mutateAsync({
            id: editing?.id,
            pairingId: pairing!.id,
            signedOn: day(v.signedOn),
            validFrom: day(v.period[0]),
            validTo: day(v.period[1]),
            unitDuties: v.unitDuties ?? '',
            communityDuties: v.communityDuties ?? '',
            unitSignatory: v.unitSignatory ?? '',
            communitySignatory: v.communitySignatory ?? '',
            note: v.note ?? '',
            ...(scan === undefined ? {} : { scan: scan && { fileName: scan.fileName, base64: scan.base64 } })
          })
          .then(() => setScan(undefined))
      }
    >
      <div className="form-row">
        <Form.Item name="signedOn" label="签订日期" rules={[{ required: true, message: '请选择签订日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="period" label="协议期限" rules={[{ required: true, message: '请选择协议期限' }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <Form.Item name="unitDuties" label="单位承诺事项" rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} placeholder="如：每季度组织党员进社区开展志愿服务不少于1次；认领服务清单项目……" />
      </Form.Item>
      <Form.Item name="communityDuties" label="村居承诺事项" rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} placeholder="如：提供服务清单和活动场地；每季度向单位反馈党员服务情况……" />
      </Form.Item>
      <div className="form-row">
        <Form.Item name="unitSignatory" label="单位签字人" rules={[{ max: 40 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="communitySignatory" label="村居签字人" rules={[{ max: 40 }]}>
          <Input />
        </Form.Item>
      </div>
      <Form.Item label="协议扫描件（选填：PDF、JPEG 或 PNG，不超过 10 MB）">
        <Space wrap>
          <Upload
            accept=".pdf,.jpg,.jpeg,.png"
            showUploadList={false}
            beforeUpload={(f) => {
              if (f.size > MAX_SCAN_BYTES) {
                message.error(`扫描件有 ${(f.size / 1024 / 1024).toFixed(1)} MB，超过 10 MB 的上限，请压缩或降低扫描分辨率后再上传。`)
                return false
              }
              void fileBase64(f).then(
                (base64) => setScan({ fileName: f.name, base64, size: f.size }),
                (e: Error) => message.error(e.message)
              )
              return false
            }}
          >
            <Button icon={<PaperClipOutlined />}>{kept ? '换一个文件' : '选择扫描件'}</Button>
          </Upload>
          {kept && <Typography.Text data-testid="scan-name">{kept}</Typography.Text>}
          {kept && (
            <Button size="small" type="link" danger onClick={() => setScan(null)}>
              不要扫描件
            </Button>
          )}
        </Space>
      </Form.Item>
      <Form.Item name="note" label="备注" rules={[{ max: 500 }]}>
        <Input />
      </Form.Item>
    </FormModal>
  )
}

type PairingDialog = { kind: 'add' } | { kind: 'end'; pairing: Pairing } | { kind: 'edit'; pairing: Pairing }

/** 单位报到: the communities the unit reported to, from a date to a date, and the 共建协议 under each. */
export function PairingsCard({ unitId, unitArchived }: { unitId: number; unitArchived: boolean }) {
  const pairings = useApi('pairing.list', { unitId })
  const agreements = useApi('agreement.list', { unitId })
  const add = useCall('pairing.add')
  const end = useCall('pairing.end')
  const edit = useCall('pairing.edit')
  const remove = useCall('pairing.remove')
  const removeAgreement = useCall('agreement.remove')
  const { message } = App.useApp()
  const [dialog, setDialog] = useState<PairingDialog | null>(null)
  const [signing, setSigning] = useState<{ pairing: Pairing; editing: Agreement | null } | null>(null)
  const fail = (e: ApiCallError): void => void message.error(e.message)
  const pairingOf = (id: number): Pairing | undefined => pairings.data?.find((p) => p.id === id)
  return (
    <Card
      title="单位报到（结对村居）与共建协议"
      extra={
        !unitArchived && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'add' })}>
            新增结对
          </Button>
        )
      }
    >
      <Table<Pairing>
        rowKey="id"
        size="small"
        loading={pairings.isFetching}
        dataSource={pairings.data}
        pagination={false}
        locale={{ emptyText: '该单位还没有向村居报到（结对）。点击“新增结对”登记。' }}
        columns={[
          { title: '结对村居', dataIndex: 'communityName', width: 140, render: (v, p) => <Link to={`/communities/${p.communityId}`}>{v}</Link> },
          { title: '报到日期', dataIndex: 'startDate', width: 110 },
          { title: '结束日期', dataIndex: 'endedOn', width: 110, render: (v: string | null, p) => (v ? `${v}${p.endReason ? `（${p.endReason}）` : ''}` : '—') },
          { title: '状态', key: 'state', width: 90, render: (_, p) => (p.current ? <Tag color="green">结对中</Tag> : <Tag>{p.endedOn ? '已结束' : '未开始'}</Tag>) },
          { title: '共建协议', key: 'agreements', width: 190, render: (_, p) => (p.agreements ? `${p.agreements} 份，至 ${p.agreementTo}` : <Typography.Text type="warning">未签订</Typography.Text>) },
          {
            title: '操作',
            key: 'actions',
            render: (_, p) => (
              <Space size={4} wrap>
                <Button size="small" type="primary" ghost onClick={() => setSigning({ pairing: p, editing: null })}>
                  登记协议
                </Button>
                {!p.endedOn && (
                  <Button size="small" onClick={() => setDialog({ kind: 'end', pairing: p })}>
                    结束结对
                  </Button>
                )}
                <Button size="small" onClick={() => setDialog({ kind: 'edit', pairing: p })}>
                  更正日期
                </Button>
                {!p.agreements && (
                  <Popconfirm title="删除这条结对记录？（登记错了才删除；结对结束请用“结束结对”）" okText="删除" cancelText="取消" onConfirm={() => remove.mutateAsync({ id: p.id }).catch(fail)}>
                    <Button size="small" type="link" danger>
                      删除
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            )
          }
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        共建协议
      </Typography.Title>
      <Table<Agreement>
        rowKey="id"
        size="small"
        loading={agreements.isFetching}
        dataSource={agreements.data}
        pagination={false}
        locale={{ emptyText: '还没有共建协议。在上面的结对记录中点击“登记协议”。' }}
        columns={[
          { title: '结对村居', dataIndex: 'communityName', width: 120 },
          { title: '协议期限', key: 'period', width: 230, render: (_, g) => `${g.validFrom} 至 ${g.validTo}` },
          { title: '签订日期', dataIndex: 'signedOn', width: 110 },
          { title: '单位承诺', dataIndex: 'unitDuties', ellipsis: true },
          { title: '村居承诺', dataIndex: 'communityDuties', ellipsis: true },
          { title: '签字人', key: 'signed', width: 130, render: (_, g) => [g.unitSignatory, g.communitySignatory].filter(Boolean).join('、') || '—' },
          {
            title: '扫描件',
            key: 'scan',
            width: 90,
            render: (_, g) => (g.scanSize ? <a onClick={() => viewScan(g.id, (m) => void message.error(m))}>查看</a> : '—')
          },
          {
            title: '操作',
            key: 'actions',
            width: 130,
            render: (_, g) => (
              <Space size={4}>
                <Button size="small" onClick={() => pairingOf(g.pairingId) && setSigning({ pairing: pairingOf(g.pairingId)!, editing: g })}>
                  修改
                </Button>
                <Popconfirm title="删除这份共建协议（含扫描件）？" okText="删除" cancelText="取消" onConfirm={() => removeAgreement.mutateAsync({ id: g.id }).catch(fail)}>
                  <Button size="small" type="link" danger>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            )
          }
        ]}
      />
      <FormModal<{ communityId?: number; startDate?: Dayjs; endedOn?: Dayjs | null; reason?: string; note?: string }>
        name="pairing"
        title={dialog?.kind === 'add' ? '新增结对（单位报到）' : dialog?.kind === 'end' ? `结束与“${dialog.pairing.communityName}”的结对` : `更正与“${dialog?.kind === 'edit' ? dialog.pairing.communityName : ''}”结对的日期`}
        open={!!dialog}
        width={520}
        initialValues={
          dialog?.kind === 'edit'
            ? { startDate: dayjs(dialog.pairing.startDate), endedOn: dialog.pairing.endedOn ? dayjs(dialog.pairing.endedOn) : null, note: dialog.pairing.note }
            : dialog?.kind === 'end'
              ? { endedOn: today() }
              : { startDate: today() }
        }
        onClose={() => setDialog(null)}
        onSubmit={(v) =>
          dialog?.kind === 'add'
            ? add.mutateAsync({ unitId, communityId: v.communityId!, startDate: day(v.startDate), note: v.note ?? '' })
            : dialog?.kind === 'end'
              ? end.mutateAsync({ id: dialog.pairing.id, endedOn: day(v.endedOn), reason: v.reason ?? '' })
              : edit.mutateAsync({ id: dialog!.pairing.id, startDate: day(v.startDate), endedOn: day(v.endedOn), note: v.note ?? '' })
        }
      >
        {dialog?.kind === 'add' && (
          <Form.Item name="communityId" label="结对村居" rules={[{ required: true, message: '请选择结对村居' }]}>
            <CommunitySelect />
          </Form.Item>
        )}
        {dialog?.kind !== 'end' && (
          <Form.Item name="startDate" label="报到日期" rules={[{ required: true, message: '请选择报到日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        {dialog?.kind !== 'add' && (
          <Form.Item name="endedOn" label={dialog?.kind === 'end' ? '结束日期（当天起不再结对）' : '结束日期（仍在结对则留空）'} rules={dialog?.kind === 'end' ? [{ required: true, message: '请选择结束日期' }] : []}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        {dialog?.kind === 'end' ? (
          <Form.Item name="reason" label="结束原因" rules={[{ max: 200 }]}>
            <Input placeholder="如：结对调整、单位撤并" />
          </Form.Item>
        ) : (
          <Form.Item name="note" label="备注" rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
        )}
        {dialog?.kind === 'add' && <Typography.Paragraph type="secondary">更换结对村居：先结束原来的结对，再新增结对；历史记录保留，各期统计按当时的结对计算。</Typography.Paragraph>}
      </FormModal>
      <AgreementDialog pairing={signing?.pairing ?? null} editing={signing?.editing ?? null} onClose={() => setSigning(null)} />
    </Card>
  )
}
