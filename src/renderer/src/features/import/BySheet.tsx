import { Alert, Input, Select, Space, Table, Typography } from 'antd'
import type { ImportTarget } from '../../../../shared/api'
import { CommunitySelect } from '../../components/RegisterSelect'

/**
 * Each sheet of a workbook into its own activity: the community they belong to, and for each sheet the
 * activity of that day (an existing one, or a new one with the title and times its title lines give).
 */
export function BySheet({
  communityId,
  targets,
  onCommunity,
  onTargets
}: {
  communityId: number | null
  targets: ImportTarget[]
  onCommunity: (id: number | null) => void
  onTargets: (targets: ImportTarget[]) => void
}) {
  const edit = (i: number, patch: Partial<ImportTarget>): void => onTargets(targets.map((t, j) => (j === i ? { ...t, ...patch } : t)))
  return (
    <div style={{ marginBottom: 16 }}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>每个工作表导入各自的活动，活动所属社区：</Typography.Text>
        <CommunitySelect value={communityId} onChange={onCommunity} style={{ width: 200 }} placeholder="请选择社区" />
      </Space>
      {!communityId && <Alert style={{ marginBottom: 8 }} type="warning" showIcon title="请先选择这些活动所属的社区：已有同一天的活动会直接导入，没有的会在该社区下新建。" />}
      <Table<ImportTarget>
        rowKey="sheet"
        size="small"
        pagination={false}
        dataSource={targets}
        columns={[
          { title: '工作表', width: 120, render: (_, t) => `${t.sheetName}（${t.rows}人）` },
          {
            title: '导入到',
            width: 280,
            render: (_, t, i) => (
              <Select
                style={{ width: 270 }}
                value={t.eventId ?? 0}
                aria-label={`工作表"${t.sheetName}"导入到`}
                popupMatchSelectWidth={false}
                onChange={(v) => {
                  const c = t.candidates.find((x) => x.id === v)
                  edit(i, c ? { eventId: c.id, title: c.title, startTime: c.startTime, endTime: c.endTime } : { eventId: null })
                }}
                options={[
                  ...t.candidates.map((c) => ({ value: c.id, label: `已有活动：${c.title}${c.startTime ? ` ${c.startTime}–${c.endTime}` : ''}` })),
                  { value: 0, label: '新建活动' }
                ]}
              />
            )
          },
          {
            title: '活动名称',
            render: (_, t, i) =>
              t.eventId ? (
                t.title
              ) : (
                <Input size="small" defaultValue={t.title} key={`${t.sheet}-${t.title}`} onBlur={(e) => e.target.value !== t.title && edit(i, { title: e.target.value })} aria-label={`工作表"${t.sheetName}"活动名称`} />
              )
          },
          {
            title: '日期',
            width: 130,
            render: (_, t, i) =>
              t.eventId ? (
                t.date
              ) : (
                <Input
                  size="small"
                  placeholder="2020-06-06"
                  status={t.date ? undefined : 'error'}
                  defaultValue={t.date}
                  key={`${t.sheet}-${t.date}`}
                  onBlur={(e) => e.target.value !== t.date && edit(i, { date: e.target.value.trim() })}
                  aria-label={`工作表"${t.sheetName}"活动日期`}
                />
              )
          },
          {
            title: '时间',
            width: 170,
            render: (_, t, i) =>
              t.eventId ? (
                t.startTime && `${t.startTime}–${t.endTime}`
              ) : (
                <Space.Compact size="small">
                  <Input style={{ width: 70 }} placeholder="08:30" defaultValue={t.startTime} key={`${t.sheet}-s-${t.startTime}`} onBlur={(e) => e.target.value !== t.startTime && edit(i, { startTime: e.target.value.trim() })} aria-label={`工作表"${t.sheetName}"开始时间`} />
                  <Input style={{ width: 70 }} placeholder="11:30" defaultValue={t.endTime} key={`${t.sheet}-e-${t.endTime}`} onBlur={(e) => e.target.value !== t.endTime && edit(i, { endTime: e.target.value.trim() })} aria-label={`工作表"${t.sheetName}"结束时间`} />
                </Space.Compact>
              )
          }
        ]}
      />
    </div>
  )
}
