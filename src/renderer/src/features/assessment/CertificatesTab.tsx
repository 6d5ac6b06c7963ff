import { DownloadOutlined, FileDoneOutlined, PrinterOutlined } from '@ant-design/icons'
import { App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useState } from 'react'
import { Link, useNavigate } from 'react-router'
import type { Certificate } from '../../../../shared/api'
import { call, useApi, useCall } from '../../api'
import { MemberPicker } from '../../components/MemberPicker'
import { saveFile } from '../../download'
import { today } from '../../format'

/** Certificates as a workbook (an .xlsx, one A4 page each), handed over to be saved. */
export async function saveCertificates(ids: number[], message: { success: (s: string) => void; error: (s: string) => void }): Promise<void> {
  try {
    const f = await call('certificate.print', { ids })
    saveFile(f)
    message.success(`已生成 ${f.fileName}，打开后直接打印（每份一页）`)
  } catch (e) {
    message.error((e as Error).message)
  }
}

/** A reason asked for before a reprint or a void. */
function ReasonDialog({ title, label, open, onClose, onOk }: { title: string; label: string; open: boolean; onClose: () => void; onOk: (reason: string) => Promise<unknown> }) {
  const [reason, setReason] = useState('')
  useEffect(() => setReason(''), [open])
  return (
    <Modal title={title} open={open} onCancel={onClose} okText="确定" cancelText="取消" okButtonProps={{ disabled: !reason.trim() }} onOk={() => onOk(reason).then(onClose, () => {})}>
      <Input.TextArea aria-label={label} rows={3} maxLength={200} placeholder={label} value={reason} onChange={(e) => setReason(e.target.value)} />
    </Modal>
  )
}

/** 出具志愿服务证明 for one member or a selection, over a chosen range. */
export function IssueDialog({
  open,
  onClose,
  memberIds: initial,
  names,
  period
}: {
  open: boolean
  onClose: () => void
  memberIds?: number[]
  /** the names of the members asked for, shown in the box */
  names?: Record<number, string>
  /** the 考核 period the dialog was opened from: the service period it starts with (up to today) */
  period?: { from: string; to: string }
}) {
  const { message, modal } = App.useApp()
  const list = useApi('certificate.list', { pageSize: 1 })
  const issue = useCall('certificate.issue')
  const navigate = useNavigate()
  const [memberIds, setMemberIds] = useState<number[]>(initial ?? [])
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [today().subtract(1, 'year').startOf('year'), today().subtract(1, 'year').endOf('year')])
  const [issuedOn, setIssuedOn] = useState<Dayjs>(() => today())
  const [person, setPerson] = useState('')
  const [prefix, setPrefix] = useState('')
  const [fullId, setFullId] = useState(false)
  const defaults = list.data?.defaults
  // the members asked for when the dialog opens (a fresh array each render must not reset the choice)
  const initialKey = (initial ?? []).join(',')
  const [from, to] = [period?.from, period?.to]
  useEffect(() => {
    if (!open) return
    setMemberIds(initialKey ? initialKey.split(',').map(Number) : [])
    setFullId(false)
    if (from && to) setRange([dayjs(from), dayjs(to).isAfter(today()) ? today() : dayjs(to)])
  }, [open, initialKey, from, to])
  useEffect(() => {
    if (defaults) {
      setPerson((p) => p || defaults.personInCharge)
      setPrefix((p) => p || defaults.prefix)
    }
  }, [defaults])
  const single = memberIds.length === 1 ? memberIds[0] : null
  const preview = useApi('certificate.preview', { memberId: single ?? 0, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }, open && single !== null)
  const run = (): void => {
    issue
      .mutateAsync({ memberIds, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), issuedOn: issuedOn.format('YYYY-MM-DD'), personInCharge: person, prefix, showFullId: fullId })
      .then(
        (out) => {
          message.success(`已出具 ${out.numbers.length} 份：${out.numbers[0]}${out.numbers.length > 1 ? ` 至 ${out.numbers[out.numbers.length - 1]}` : ''}`)
          onClose()
          // the print page, as 打印 in the register opens it (the workbook stays a button there)
          void navigate(`/print/certificate?ids=${out.ids.join(',')}`)
        },
        (e: Error) => message.error(e.message)
      )
  }
  return (
    <Modal title="出具志愿服务证明" open={open} onCancel={onClose} width={720} okText={`出具并打印${memberIds.length ? ` ${memberIds.length} 份` : ''}`} cancelText="取消" okButtonProps={{ disabled: !memberIds.length || !person.trim() || !prefix.trim(), loading: issue.isPending }} onOk={run}>
      <Form layout="vertical">
        <Form.Item label="党员（可选多人，每人一份）">
          <MemberPicker value={memberIds} onChange={setMemberIds} known={names} />
        </Form.Item>
        <Space wrap>
          <Form.Item label="服务期间">
            <DatePicker.RangePicker aria-label="服务期间" value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
          </Form.Item>
          <Form.Item label="出具日期">
            <DatePicker aria-label="出具日期" value={issuedOn} allowClear={false} onChange={(v) => v && setIssuedOn(v)} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item label="负责人（签字）">
            <Input aria-label="负责人" value={person} maxLength={20} onChange={(e) => setPerson(e.target.value)} />
          </Form.Item>
          <Form.Item label="编号前缀">
            <Input aria-label="编号前缀" value={prefix} maxLength={10} style={{ width: 120 }} onChange={(e) => setPrefix(e.target.value)} />
          </Form.Item>
          <Form.Item label="出具单位">
            <Typography.Text>{defaults?.issuer || '（请先在设置中填写单位名称）'}</Typography.Text>
          </Form.Item>
        </Space>
        <Checkbox
          checked={fullId}
          onChange={(e) => {
            if (!e.target.checked) return setFullId(false)
            modal.confirm({
              title: '在证明上打印完整身份证号？',
              content: '默认只显示前4位和后4位。只在接收单位确需完整号码时选择；这一选择会记入操作日志。',
              okText: '打印完整号码',
              cancelText: '仍然隐藏',
              onOk: () => setFullId(true)
            })
          }}
        >
          打印完整身份证号（默认隐藏中间位）
        </Checkbox>
        {single !== null && preview.data && (
          <div style={{ marginTop: 12 }}>
            <Typography.Text>
              {preview.data.name}：期间内参加活动 {preview.data.activities} 次、完成认领 {preview.data.claims} 项，服务时长 {preview.data.hours} 小时。
            </Typography.Text>
            {preview.data.issued.length > 0 && <Typography.Paragraph type="secondary">已出具过：{preview.data.issued.map((i) => `${i.number}${i.voided ? '（已作废）' : ''}`).join('、')}</Typography.Paragraph>}
          </div>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          下一个编号：{list.data?.register.next}。编号按年度连续，不留空号；出具后如有错误请作废（编号保留）后重新出具，遗失请补发（沿用原编号）。
        </Typography.Paragraph>
      </Form>
    </Modal>
  )
}

/** 志愿服务证明登记簿: every number of a year, with 补发 and 作废, and the 公示 list. */
export function CertificatesTab() {
  const { message } = App.useApp()
  const [year, setYear] = useState(() => today().year())
  const [keyword, setKeyword] = useState('')
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const list = useApi('certificate.list', { year, keyword, ...page })
  const reprint = useCall('certificate.reprint')
  const voidIt = useCall('certificate.void')
  const [issuing, setIssuing] = useState(false)
  const [selected, setSelected] = useState<number[]>([])
  const [asking, setAsking] = useState<{ kind: 'reprint' | 'void'; cert: Certificate } | null>(null)
  const navigate = useNavigate()
  /** the print page: every certificate on its own A4 page, printed from the browser */
  const printPage = (ids: number[]): void => void navigate(`/print/certificate?ids=${ids.join(',')}`)
  const d = list.data
  const exportFile = (kind: 'register' | 'publicity'): void => {
    call('certificate.export', { year, kind }).then((f) => (saveFile(f), message.success(`已导出 ${f.fileName}`)), (e: Error) => message.error(e.message))
  }
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <InputNumber aria-label="证明年度" min={2000} max={2100} value={year} suffix="年" style={{ width: 110 }} onChange={(v) => v && setYear(v)} />
          <Input.Search allowClear placeholder="编号或姓名" style={{ width: 200 }} onSearch={(k) => (setKeyword(k), setPage((p) => ({ ...p, page: 1 })))} />
          {d && (
            <Typography.Text type="secondary">
              {d.register.year}年已出具 {d.register.issued} 份（其中作废 {d.register.voided} 份），下一个编号 {d.register.next}
            </Typography.Text>
          )}
        </Space>
        <Space wrap>
          <Button type="primary" icon={<FileDoneOutlined />} onClick={() => setIssuing(true)}>
            出具证明
          </Button>
          <Button icon={<PrinterOutlined />} disabled={!selected.length} onClick={() => printPage(selected)}>
            打印所选{selected.length ? ` ${selected.length} 份` : ''}
          </Button>
          <Button icon={<DownloadOutlined />} disabled={!selected.length} onClick={() => saveCertificates(selected, message)}>
            所选存为Excel
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => exportFile('register')}>
            导出登记簿
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => exportFile('publicity')}>
            导出公示名单
          </Button>
        </Space>
      </Space>
      <Table<Certificate>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={d?.rows}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), getCheckboxProps: (c) => ({ disabled: !!c.voidedOn }) }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: d?.total ?? 0, showTotal: (t) => `共 ${t} 份`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: '编号', dataIndex: 'number', width: 190 },
          { title: '姓名', dataIndex: 'name', width: 90, render: (v, c) => (c.memberId ? <Link to={`/members/${c.memberId}`}>{v}</Link> : v) },
          { title: '身份证号', dataIndex: 'idCard', width: 170, render: (v: string, c) => (v ? `${v}${c.fullId ? '（打印完整）' : ''}` : '未登记') },
          { title: '服务期间', key: 'range', width: 200, render: (_, c) => `${c.from} 至 ${c.to}` },
          { title: '时长（小时）', dataIndex: 'hours', width: 100, align: 'right' },
          { title: '出具日期', dataIndex: 'issuedOn', width: 110 },
          { title: '负责人', dataIndex: 'personInCharge', width: 90 },
          {
            title: '状态',
            key: 'status',
            width: 180,
            render: (_, c) =>
              c.voidedOn ? (
                <Typography.Text type="danger">已作废：{c.voidReason}</Typography.Text>
              ) : c.reprints ? (
                <Tag color="blue">已补发 {c.reprints} 次</Tag>
              ) : (
                <Tag color="green">有效</Tag>
              )
          },
          {
            title: '操作',
            key: 'actions',
            width: 250,
            render: (_, c) =>
              c.voidedOn ? null : (
                <Space size={4}>
                  <Button size="small" onClick={() => printPage([c.id])}>
                    打印
                  </Button>
                  <Button size="small" onClick={() => saveCertificates([c.id], message)}>
                    Excel
                  </Button>
                  <Button size="small" onClick={() => setAsking({ kind: 'reprint', cert: c })}>
                    补发
                  </Button>
                  <Button size="small" danger onClick={() => setAsking({ kind: 'void', cert: c })}>
                    作废
                  </Button>
                </Space>
              )
          }
        ]}
      />
      <IssueDialog open={issuing} onClose={() => setIssuing(false)} />
      <ReasonDialog
        open={asking?.kind === 'reprint'}
        title={`补发 ${asking?.cert.number ?? ''}`}
        label="补发原因（如：原件遗失）"
        onClose={() => setAsking(null)}
        onOk={(reason) =>
          reprint.mutateAsync({ id: asking!.cert.id, reason }).then(
            (c) => printPage([c.id]),
            (e: Error) => (message.error(e.message), Promise.reject(e))
          )
        }
      />
      <ReasonDialog
        open={asking?.kind === 'void'}
        title={`作废 ${asking?.cert.number ?? ''}`}
        label="作废原因（编号保留，不再使用）"
        onClose={() => setAsking(null)}
        onOk={(reason) => voidIt.mutateAsync({ id: asking!.cert.id, reason }).then(() => message.success('已作废，编号保留'), (e: Error) => (message.error(e.message), Promise.reject(e)))}
      />
    </Space>
  )
}
