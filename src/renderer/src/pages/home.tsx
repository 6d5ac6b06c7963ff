import { DatabaseOutlined } from '@ant-design/icons'
import { App, Button, Card, Col, DatePicker, List, Result, Row, Space, Statistic, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useNavigate } from 'react-router'
import { IMPORT_KIND_LABELS } from '../../../shared/api'
import { ApiCallError, useApi, useCall } from '../api'
import { Chart } from '../components/Chart'
import { ExpiringAgreementsCard } from '../features/unit/ExpiringAgreements'
import { formatDateTime, today } from '../format'

function EmptyRegister() {
  const demo = useCall('demo.load')
  const navigate = useNavigate()
  const { message, modal } = App.useApp()
  return (
    <Card>
      <Result
        icon={<DatabaseOutlined style={{ color: '#c8161d' }} />}
        title="台账还是空的"
        subTitle="可以从录入村居开始，也可以先加载一套演示数据（虚构的石湾街道：39个村居、约150个单位、9741名党员、60余场活动和服务清单）熟悉功能。"
        extra={
          <Space>
            <Button type="primary" onClick={() => navigate('/communities')}>
              从录入村居开始
            </Button>
            <Button
              loading={demo.isPending}
              onClick={() =>
                modal.confirm({
                  title: '加载演示数据？',
                  content: '演示数据中的人名、单位和号码均为虚构。加载后如要录入真实台账，请换用新的数据文件夹。',
                  okText: '加载',
                  cancelText: '取消',
                  onOk: () =>
                    demo.mutateAsync({}).then(
                      (n) => message.success(`已加载演示数据：${n.communities} 个村居、${n.members} 名党员、${n.events} 场活动`),
                      (e: ApiCallError) => message.error(e.message)
                    )
                })
              }
            >
              加载演示数据
            </Button>
          </Space>
        }
      />
    </Card>
  )
}

/** 工作台: the numbers superiors ask for, as of a date, each one a way into the list behind it. */
export function HomePage() {
  const info = useApi('app.info', {})
  const navigate = useNavigate()
  const [asOf, setAsOf] = useState(today())
  const d = useApi('dashboard.get', { asOf: asOf.format('YYYY-MM-DD') }).data
  const c = info.data?.counts
  const byCommunity = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 50, right: 20, top: 40, bottom: 100 },
      xAxis: { type: 'category', data: d?.byCommunity.map((x) => x.name) ?? [], axisLabel: { rotate: 60, interval: 0, fontSize: 11 } },
      yAxis: { type: 'value' },
      series: [
        { name: '报到党员', type: 'bar', data: d?.byCommunity.map((x) => x.members) ?? [], itemStyle: { color: '#c8161d' } },
        { name: '本村居活动签到人次', type: 'bar', data: d?.byCommunity.map((x) => x.attendance) ?? [], itemStyle: { color: '#f5a623' } }
      ]
    }),
    [d]
  )
  const monthly = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: ['活动场次', '活动签到人次', '党员参与人次'], top: 0 },
      grid: { left: 50, right: 50, top: 50, bottom: 30 },
      xAxis: { type: 'category', data: d?.monthly.map((m) => m.month) ?? [] },
      yAxis: [{ type: 'value', name: '场' }, { type: 'value', name: '人次' }],
      series: [
        { name: '活动场次', type: 'bar', data: d?.monthly.map((m) => m.events) ?? [], itemStyle: { color: '#c8161d' } },
        { name: '活动签到人次', type: 'line', yAxisIndex: 1, data: d?.monthly.map((m) => m.attendance) ?? [], itemStyle: { color: '#f5a623' } },
        { name: '党员参与人次', type: 'line', yAxisIndex: 1, data: d?.monthly.map((m) => m.memberAttendance) ?? [], itemStyle: { color: '#1677ff' } }
      ]
    }),
    [d]
  )
  if (!c) return <Card loading />
  if (c.communities + c.units + c.members + c.events === 0) return <EmptyRegister />
  // every card is a 合计 of the 报到情况统计表 over the range the dashboard states; a click opens that report with that range
  const report = (kind: string, range = d?.ranges.all): string => `/reports?kind=${kind}&from=${range?.from ?? ''}&to=${range?.to ?? ''}`
  const stats: Array<[string, number | string | undefined | null, string, string]> = [
    ['报到党员', d?.members, '人', report('registration')],
    ['本月新报到', d?.newThisMonth, '人', report('registration', d?.ranges.month)],
    ['村居', d?.communities, '个', '/communities'],
    ['报到单位', d?.units, '个', report('unitSummary')],
    ['开展活动', d?.events, '场', report('events')],
    ['活动签到', d?.attendance, '人次', report('events')],
    ['党员参与', d?.memberAttendance, '人次', report('members')],
    ['参与党员', d?.participants, '人', report('members')],
    ['参与率', d?.rate ?? '—', '%', report('inactive')],
    ['服务时长', d?.hours, '小时', report('members')],
    ['服务清单', d ? `${d.needs.listed} / ${d.needs.claimed} / ${d.needs.completed}` : undefined, '项', report('needs')]
  ]
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {info.data?.orgName || '本街道'}工作台
        </Typography.Title>
        <Space>
          统计截至
          <DatePicker value={asOf} allowClear={false} onChange={(v) => v && setAsOf(v)} aria-label="统计截至" />
        </Space>
      </Space>
      <Row gutter={[16, 16]}>
        {stats.map(([title, value, suffix, to]) => (
          <Col key={title} flex="16.66%">
            <Card hoverable size="small" onClick={() => navigate(to)} data-testid={`stat-${title}`}>
              <Statistic
                title={title === '服务清单' ? <span style={{ whiteSpace: 'nowrap' }}>服务清单 <small className="muted">列出/认领/完成</small></span> : title}
                value={value ?? '…'}
                suffix={suffix}
                // three numbers in a card a sixth of the page wide: one line, a size smaller
                styles={title === '服务清单' ? { content: { fontSize: 20, whiteSpace: 'nowrap' } } : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Text type="secondary">
        以上数字均为“在职党员报到情况统计表”从首条记录至 {d?.asOf ?? '…'} 的合计（本月新报到自本月1日起），点击可打开对应报表。
      </Typography.Text>
      <Row gutter={16}>
        <Col span={14}>
          <Card title="各村居报到与参与（前40个）" size="small">
            <Chart option={byCommunity} onClick={(i) => d && navigate(`/communities/${d.byCommunity[i].id}`)} />
          </Card>
        </Col>
        <Col span={10}>
          <Card title={`近12个月活动趋势（${d?.monthly[0]?.month ?? ''} 至 ${d?.monthly.at(-1)?.month ?? ''}）`} size="small">
            <Chart option={monthly} />
          </Card>
        </Col>
      </Row>
      <ExpiringAgreementsCard asOf={asOf.format('YYYY-MM-DD')} />
      <Card title="最近导入" size="small" extra={<a onClick={() => navigate('/imports')}>全部导入记录</a>}>
        <List
          size="small"
          dataSource={d?.recentImports ?? []}
          locale={{ emptyText: '还没有导入过文件' }}
          renderItem={(b) => (
            <List.Item>
              {formatDateTime(b.createdAt)} · {IMPORT_KIND_LABELS[b.kind]} · {b.fileName} · 新增 {b.membersCreated} 人，签到 {b.attendance} 人次{b.undoneAt ? '（已撤销）' : ''}
            </List.Item>
          )}
        />
      </Card>
    </Space>
  )
}
