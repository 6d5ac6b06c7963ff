import { App, Button, Card, DatePicker, Descriptions, Space, Statistic, Table, Tag } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import type { Unit, UnitRecordRow } from '../../../shared/api'
import { call, useApi } from '../api'
import { BackLink, DetailHeader } from '../components/DetailHeader'
import { Clip, TOP_BAR_HEIGHT } from '../components/columns'
import { RemoveButton } from '../components/list'
import { MemberTable } from '../features/member/MemberTable'
import { UnitForm } from '../features/unit/UnitForm'
import { UnitTable } from '../features/unit/UnitTable'
import { today } from '../format'
import { ExpectedList } from '../features/unit/ExpectedList'
import { PairingsCard } from '../features/unit/Pairings'
import { AdoptNeed, UnitClaimsTable } from '../features/unit/UnitClaims'
import { EventTable } from '../features/event/EventTable'
import { saveFile } from '../download'

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
            <DetailHeader
              title={d.name}
              tags={d.archivedAt && <Tag>已归档</Tag>}
              actions={
                <>
                  <Button onClick={() => setEditing(d)}>编辑</Button>
                  <RemoveButton
                    what="该单位"
                    history={d.memberCount ? `${d.memberCount} 名党员` : ''}
                    archived={!!d.archivedAt}
                    remove={() => call('unit.remove', { id })}
                    restore={() => call('unit.restore', { id })}
                    onRemoved={(r) => r.outcome === 'deleted' && navigate('/units')}
                  />
                </>
              }
            />
            <Descriptions
              size="small"
              column={3}
              items={[
                { label: '单位类型', children: d.kind },
                { label: '党组织', children: d.partyOrg || '—' },
                { label: '结对村居', children: d.pairedNames || '未结对' },
                { label: '报到日期', children: d.reportedOn ?? '—' },
                { label: '联系人', children: d.contact || '—' },
                { label: '联系电话', children: d.phone || '—' },
                { label: '备注', children: d.note || '—' }
              ]}
            />
            <Statistic title="在册党员" value={d.memberCount} suffix="人" style={{ marginTop: 8 }} />
          </>
        )}
      </Card>
      <PairingsCard unitId={id} unitArchived={!!d?.archivedAt} />
      <Card title="共建项目（单位认领的服务清单项目）" extra={d && !d.archivedAt && <AdoptNeed unitId={id} label="认领服务清单项目" />}>
        <UnitClaimsTable unitId={id} />
      </Card>
      <Card title="组织活动（组织单位为本单位的活动）">
        <EventTable fixed={{ unitId: id }} prefix="ue" />
      </Card>
      <UnitRecordCard unitId={id} />
      <ExpectedList unitId={id} />
      <Card title="本单位党员">
        <MemberTable fixed={{ unitId: id }} />
      </Card>
      <UnitForm editing={editing} onClose={() => setEditing(null)} />
      <BackLink to="/units">← 返回单位列表</BackLink>
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
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => quarterOf(today()))
  const period = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }
  const record = useApi('unit.record', { id: unitId, ...period })
  const { message } = App.useApp()
  const [exporting, setExporting] = useState(false)
  const exportLedger = (): void => {
    setExporting(true)
    call('unit.ledger', { id: unitId, ...period })
      .then(saveFile, (e: Error) => message.error(e.message))
      .finally(() => setExporting(false))
  }
  const rows = record.data?.rows ?? []
  const sum = (k: 'events' | 'hours' | 'claims' | 'claimsDone' | 'claimHours' | 'feedback' | 'satisfied'): number => Math.round(rows.reduce((t, r) => t + r[k], 0) * 100) / 100
  return (
    <Card
      title="单位党员服务情况（双报到反馈）"
      extra={
        <Space>
          <DatePicker.RangePicker value={range} allowClear={false} onChange={(r) => r?.[0] && r[1] && setRange([r[0], r[1]])} aria-label="统计期间" />
          <Button loading={exporting} onClick={exportLedger}>
            导出单位双报到工作台账
          </Button>
        </Space>
      }
    >
      <Table<UnitRecordRow>
        rowKey="memberId"
        size="small"
        sticky={{ offsetHeader: TOP_BAR_HEIGHT }}
        scroll={{ x: 1020 }}
        loading={record.isFetching}
        dataSource={rows}
        pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 人` }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 90, fixed: 'left', render: (v, r) => <Link to={`/members/${r.memberId}`}>{v}</Link> },
          { title: '报到村居', dataIndex: 'communityName', width: 120, ellipsis: { showTitle: false }, render: (v: string) => <Clip text={v} /> },
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
