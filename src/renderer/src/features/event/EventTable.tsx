import { PlusOutlined } from '@ant-design/icons'
import { Button, DatePicker, Select, Space, Table } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { Link } from 'react-router'
import type { Event, Input as In } from '../../../../shared/api'
import { call, useApi } from '../../api'
import { TOP_BAR_HEIGHT, useColumns } from '../../components/columns'
import { ArchivedFilter, RemoveButton, SearchBox, Toolbar, useListState } from '../../components/list'
import { CommunitySelect, UnitSelect } from '../../components/RegisterSelect'
import { formatHours } from '../../format'
import { EventForm } from './EventForm'
import { useEventCategories } from './useEventCategories'

type Filters = { communityId?: number; unitId?: number; category?: string; dateFrom?: string; dateTo?: string }
const FILTERS: Array<keyof Filters> = ['communityId', 'unitId', 'category', 'dateFrom', 'dateTo']

export function EventTable({ fixed = {}, prefix = '' }: { fixed?: { communityId?: number; unitId?: number }; prefix?: string }) {
  const { state, filter, onTableChange, pagination, sortOrder } = useListState<Filters>({ fixed, filters: FILTERS, prefix })
  const list = useApi('event.list', state as In<'event.list'>)
  const categories = useEventCategories()
  const [editing, setEditing] = useState<Event | 'new' | null>(null)
  const { columns, scroll, settings } = useColumns<Event>('events', [
    { title: '日期', dataIndex: 'date', key: 'date', width: 112, sorter: true, sortOrder: sortOrder('date') ?? (state.sort ? null : 'descend') },
    { title: '活动名称', dataIndex: 'title', key: 'title', width: 240, always: true, sorter: true, sortOrder: sortOrder('title'), clip: true, render: (v, e) => <Link to={`/events/${e.id}`}>{v}</Link> },
    !fixed.communityId && { title: '村居', dataIndex: 'communityName', key: 'community', width: 104, sorter: true, sortOrder: sortOrder('community'), clip: true },
    { title: '类别', dataIndex: 'category', key: 'category', width: 96, sorter: true, sortOrder: sortOrder('category'), clip: true },
    !fixed.unitId && { title: '组织单位', dataIndex: 'unitName', key: 'unit', width: 130, clip: true, render: (v: string | null, e) => (v ? <Link to={`/units/${e.unitId}`}>{v}</Link> : '—') },
    { title: '时间', key: 'time', width: 108, render: (_, e) => (e.startTime ? `${e.startTime}–${e.endTime}` : '—') },
    { title: '地点', dataIndex: 'place', key: 'place', width: 160, from: 'xxl', clip: true },
    { title: '签到人数', dataIndex: 'attendanceCount', key: 'attendanceCount', width: 104, align: 'right', sorter: true, sortOrder: sortOrder('attendanceCount') },
    { title: '服务时长', dataIndex: 'hours', key: 'hours', width: 96, align: 'right', from: 'xxl', render: formatHours },
    {
      title: '操作',
      key: 'actions',
      width: 148,
      always: true,
      render: (_, e) => (
        <Space size={6}>
          <Button size="small" onClick={() => setEditing(e)}>
            编辑
          </Button>
          <RemoveButton
            what="该活动"
            history={e.attendanceCount ? `${e.attendanceCount} 条签到记录` : ''}
            archived={!!e.archivedAt}
            remove={() => call('event.remove', { id: e.id })}
            restore={() => call('event.restore', { id: e.id })}
          />
        </Space>
      )
    }
  ])
  return (
    <>
      <Toolbar
        extra={
          <>
            {settings}
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新建活动
            </Button>
          </>
        }
      >
        <SearchBox label="查找活动" placeholder="活动名称、地点、组织者或拼音首字母" width={280} value={state.keyword} onSearch={(keyword) => filter({ keyword })} />
        {!fixed.communityId && <CommunitySelect allowClear placeholder="举办村居" style={{ width: 140 }} value={state.communityId} onChange={(v) => filter({ communityId: v ?? undefined })} />}
        {!fixed.unitId && <UnitSelect allowClear placeholder="组织单位" style={{ width: 150 }} value={state.unitId} onChange={(v) => filter({ unitId: v ?? undefined })} />}
        <Select placeholder="类别" allowClear style={{ width: 120 }} value={state.category} onChange={(category) => filter({ category })} options={categories.map((c) => ({ label: c, value: c }))} />
        <DatePicker.RangePicker
          style={{ width: 250 }}
          value={[state.dateFrom ? dayjs(state.dateFrom) : null, state.dateTo ? dayjs(state.dateTo) : null]}
          allowEmpty={[true, true]}
          onChange={(r) => filter({ dateFrom: r?.[0]?.format('YYYY-MM-DD') ?? '', dateTo: r?.[1]?.format('YYYY-MM-DD') ?? '' })}
        />
        <ArchivedFilter value={state.archived} onChange={(archived) => filter({ archived })} />
      </Toolbar>
      <Table<Event>
        rowKey="id"
        size="middle"
        sticky={{ offsetHeader: TOP_BAR_HEIGHT }}
        loading={list.isFetching}
        dataSource={list.data?.rows}
        pagination={pagination(list.data?.total)}
        onChange={onTableChange}
        scroll={scroll}
        columns={columns}
      />
      <EventForm editing={editing} defaults={fixed} onClose={() => setEditing(null)} />
    </>
  )
}
