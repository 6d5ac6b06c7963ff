import { PlusOutlined } from '@ant-design/icons'
import { Button, DatePicker, Select, Space, Table, Tag } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { Link } from 'react-router'
import { MEMBER_STATUSES, type Input as In, type Member } from '../../../../shared/api'
import { call, useApi } from '../../api'
import { TOP_BAR_HEIGHT, useColumns } from '../../components/columns'
import { ArchivedFilter, RemoveButton, SearchBox, Toolbar, useListState } from '../../components/list'
import { Masked } from '../../components/Masked'
import { CommunitySelect, UnitSelect } from '../../components/RegisterSelect'
import { BatchActions } from './BatchActions'
import { MemberForm } from './MemberForm'
import { revealPhone } from './reveal'

type Filters = { communityId?: number; unitId?: number; status?: Member['status']; registeredFrom?: string; registeredTo?: string }
const FILTERS: Array<keyof Filters> = ['communityId', 'unitId', 'status', 'registeredFrom', 'registeredTo']

/** The members list; `fixed` narrows it to one community or unit (on their pages), `prefix` keeps its URL state apart. */
export function MemberTable({ fixed = {}, prefix = '' }: { fixed?: { communityId?: number; unitId?: number }; prefix?: string }) {
  const { state, filter, onTableChange, pagination, sortOrder } = useListState<Filters>({ fixed, filters: FILTERS, prefix })
  const list = useApi('member.list', state as In<'member.list'>)
  const [editing, setEditing] = useState<number | 'new' | null>(null)
  const [selected, setSelected] = useState<number[]>([])
  // every member matching the keyword and filters, 200 at a time (the list's own query, so the same people)
  const selectAll = async (total: number): Promise<void> => {
    const ids: number[] = []
    for (let page = 1; (page - 1) * 200 < total; page++) ids.push(...(await call('member.list', { ...(state as In<'member.list'>), page, pageSize: 200 })).rows.map((m) => m.id))
    setSelected(ids)
  }
  const { columns, scroll, settings } = useColumns<Member>('members', [
    { title: '姓名', dataIndex: 'name', key: 'name', width: 96, always: true, fixed: 'left', sorter: true, sortOrder: sortOrder('name'), clip: true, render: (v, m) => <Link to={`/members/${m.id}`}>{v}</Link> },
    { title: '性别', dataIndex: 'gender', key: 'gender', width: 60, from: 'xxl' },
    { title: '手机号', dataIndex: 'phone', key: 'phone', width: 150, render: (v: string, m) => <Masked masked={v} reveal={revealPhone(m.id)} label="手机号" /> },
    !fixed.unitId && { title: '工作单位', dataIndex: 'unitName', key: 'unit', width: 190, sorter: true, sortOrder: sortOrder('unit'), clip: true, render: (v: string | null) => v ?? '—' },
    !fixed.communityId && { title: '居住村居', dataIndex: 'communityName', key: 'community', width: 112, sorter: true, sortOrder: sortOrder('community'), clip: true },
    { title: '报到日期', dataIndex: 'registeredAt', key: 'registeredAt', width: 112, sorter: true, sortOrder: sortOrder('registeredAt') },
    { title: '特长', dataIndex: 'skills', key: 'skills', width: 150, from: 'xxl', clip: (m) => m.skills.join('、'), render: (s: string[]) => s.map((t) => <Tag key={t}>{t}</Tag>) },
    { title: '签到', dataIndex: 'attendanceCount', key: 'attendanceCount', width: 64, align: 'right' },
    { title: '状态', dataIndex: 'status', key: 'status', width: 76, render: (s: string, m) => (m.archivedAt ? <Tag>已归档</Tag> : <Tag color={s === '在册' ? 'green' : 'default'}>{s}</Tag>) },
    {
      title: '操作',
      key: 'actions',
      width: 148,
      always: true,
      fixed: 'right',
      render: (_, m) => (
        <Space size={6}>
          <Button size="small" onClick={() => setEditing(m.id)}>
            编辑
          </Button>
          <RemoveButton
            what="该党员"
            history={m.attendanceCount ? `${m.attendanceCount} 条签到记录` : ''}
            archived={!!m.archivedAt}
            remove={() => call('member.remove', { id: m.id })}
            restore={() => call('member.restore', { id: m.id })}
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
              新增党员
            </Button>
          </>
        }
      >
        <SearchBox label="查找党员" placeholder="姓名、手机号、单位或拼音首字母（如 zs）" width={280} value={state.keyword} onSearch={(keyword) => filter({ keyword })} />
        {!fixed.communityId && <CommunitySelect allowClear placeholder="居住村居" style={{ width: 140 }} value={state.communityId} onChange={(v) => filter({ communityId: v ?? undefined })} />}
        {!fixed.unitId && <UnitSelect allowClear placeholder="工作单位" style={{ width: 180 }} value={state.unitId} onChange={(v) => filter({ unitId: v ?? undefined })} />}
        <Select placeholder="状态" allowClear style={{ width: 96 }} value={state.status} onChange={(status) => filter({ status })} options={MEMBER_STATUSES.map((s) => ({ label: s, value: s }))} />
        <DatePicker.RangePicker
          placeholder={['报到日期起', '报到日期止']}
          style={{ width: 250 }}
          value={[state.registeredFrom ? dayjs(state.registeredFrom) : null, state.registeredTo ? dayjs(state.registeredTo) : null]}
          allowEmpty={[true, true]}
          onChange={(r) => filter({ registeredFrom: r?.[0]?.format('YYYY-MM-DD') ?? '', registeredTo: r?.[1]?.format('YYYY-MM-DD') ?? '' })}
        />
        <ArchivedFilter value={state.archived} onChange={(archived) => filter({ archived })} />
      </Toolbar>
      <BatchActions ids={selected} onDone={() => setSelected([])} />
      {list.data && list.data.total > list.data.rows.length && selected.length < list.data.total && (
        <Button type="link" style={{ paddingLeft: 0 }} disabled={list.data.total > 5000} onClick={() => selectAll(list.data!.total)}>
          {list.data.total > 5000 ? `符合条件的有 ${list.data.total} 人，超过5000人，请先缩小筛选范围` : `选择符合当前条件的全部 ${list.data.total} 人`}
        </Button>
      )}
      <Table<Member>
        rowKey="id"
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), preserveSelectedRowKeys: true }}
        size="middle"
        sticky={{ offsetHeader: TOP_BAR_HEIGHT }}
        loading={list.isFetching}
        dataSource={list.data?.rows}
        pagination={pagination(list.data?.total)}
        onChange={onTableChange}
        scroll={scroll}
        columns={columns}
      />
      <MemberForm editing={editing} defaults={fixed} onClose={() => setEditing(null)} />
    </>
  )
}
