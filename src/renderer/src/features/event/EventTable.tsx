import { PlusOutlined } from '@ant-design/icons'
import { Button, DatePicker, Input, Select, Space, Table } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import type { Event, Input as In } from '../../../../shared/api'
import { call, useApi } from '../../api'
import { ArchivedFilter, RemoveButton, Toolbar, useListState } from '../../components/list'
import { CommunitySelect } from '../../components/RegisterSelect'
import { formatHours } from '../../format'
import { EventForm } from './EventForm'
import { useEventCategories } from './useEventCategories'

type Filters = { communityId?: number; category?: string; dateFrom?: string; dateTo?: string }

export function EventTable({ fixed = {} }: { fixed?: { communityId?: number } }) {
  const { state, filter, onTableChange, pagination, sortOrder } = useListState<Filters>(fixed)
  const list = useApi('event.list', state as In<'event.list'>)
  const categories = useEventCategories()
  const [editing, setEditing] = useState<Event | 'new' | null>(null)
  return (
    <>
      <Toolbar>
        <Input.Search placeholder="活动名称、地点、组织者或拼音首字母" allowClear style={{ width: 300 }} onSearch={(keyword) => filter({ keyword })} />
        {!fixed.communityId && <CommunitySelect allowClear placeholder="举办村居" style={{ width: 150 }} value={state.communityId} onChange={(v) => filter({ communityId: v ?? undefined })} />}
        <Select placeholder="类别" allowClear style={{ width: 120 }} value={state.category} onChange={(category) => filter({ category })} options={categories.map((c) => ({ label: c, value: c }))} />
        <DatePicker.RangePicker onChange={(r) => filter({ dateFrom: r?.[0]?.format('YYYY-MM-DD') ?? '', dateTo: r?.[1]?.format('YYYY-MM-DD') ?? '' })} />
        <ArchivedFilter value={state.archived} onChange={(archived) => filter({ archived })} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建活动
        </Button>
      </Toolbar>
      <Table<Event>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows}
        pagination={pagination(list.data?.total)}
        onChange={onTableChange}
        columns={[
          { title: '日期', dataIndex: 'date', key: 'date', width: 120, sorter: true, sortOrder: sortOrder('date') ?? (state.sort ? null : 'descend') },
          { title: '活动名称', dataIndex: 'title', key: 'title', sorter: true, sortOrder: sortOrder('title'), render: (v, e) => <Link to={`/events/${e.id}`}>{v}</Link> },
          { title: '村居', dataIndex: 'communityName', key: 'community', width: 120, sorter: true, sortOrder: sortOrder('community') },
          { title: '类别', dataIndex: 'category', key: 'category', width: 100, sorter: true, sortOrder: sortOrder('category') },
          { title: '时间', width: 120, render: (_, e) => (e.startTime ? `${e.startTime}–${e.endTime}` : '—') },
          { title: '地点', dataIndex: 'place', width: 180, ellipsis: true },
          { title: '签到人数', dataIndex: 'attendanceCount', key: 'attendanceCount', width: 110, align: 'right', sorter: true, sortOrder: sortOrder('attendanceCount') },
          { title: '服务时长', dataIndex: 'hours', width: 110, align: 'right', render: formatHours },
          {
            title: '操作',
            width: 150,
            render: (_, e) => (
              <Space>
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
        ]}
      />
      <EventForm editing={editing} defaults={fixed} onClose={() => setEditing(null)} />
    </>
  )
}
