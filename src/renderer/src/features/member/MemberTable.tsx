import { PlusOutlined } from '@ant-design/icons'
import { Button, DatePicker, Input, Select, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { MEMBER_STATUSES, type Input as In, type Member } from '../../../../shared/api'
import { call, useApi } from '../../api'
import { ArchivedFilter, RemoveButton, Toolbar, useListState } from '../../components/list'
import { Masked } from '../../components/Masked'
import { CommunitySelect, UnitSelect } from '../../components/RegisterSelect'
import { MemberForm } from './MemberForm'
import { revealPhone } from './reveal'

type Filters = { communityId?: number; unitId?: number; status?: Member['status']; registeredFrom?: string; registeredTo?: string }

export function MemberTable({ fixed = {} }: { fixed?: { communityId?: number; unitId?: number } }) {
  const { state, filter, onTableChange, pagination, sortOrder } = useListState<Filters>(fixed)
  const list = useApi('member.list', state as In<'member.list'>)
  const [editing, setEditing] = useState<number | 'new' | null>(null)
  return (
    <>
      <Toolbar>
        <Input.Search placeholder="姓名、手机号、单位或拼音首字母（如 zs）" allowClear style={{ width: 300 }} onSearch={(keyword) => filter({ keyword })} />
        {!fixed.communityId && <CommunitySelect allowClear placeholder="居住村居" style={{ width: 150 }} value={state.communityId} onChange={(v) => filter({ communityId: v ?? undefined })} />}
        {!fixed.unitId && <UnitSelect allowClear placeholder="工作单位" style={{ width: 190 }} value={state.unitId} onChange={(v) => filter({ unitId: v ?? undefined })} />}
        <Select placeholder="状态" allowClear style={{ width: 100 }} value={state.status} onChange={(status) => filter({ status })} options={MEMBER_STATUSES.map((s) => ({ label: s, value: s }))} />
        <DatePicker.RangePicker
          placeholder={['报到日期起', '报到日期止']}
          onChange={(r) => filter({ registeredFrom: r?.[0]?.format('YYYY-MM-DD') ?? '', registeredTo: r?.[1]?.format('YYYY-MM-DD') ?? '' })}
        />
        <ArchivedFilter value={state.archived} onChange={(archived) => filter({ archived })} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新增党员
        </Button>
      </Toolbar>
      <Table<Member>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows}
        pagination={pagination(list.data?.total)}
        onChange={onTableChange}
        scroll={{ x: 1100 }}
        columns={[
          { title: '姓名', dataIndex: 'name', key: 'name', width: 100, fixed: 'left', sorter: true, sortOrder: sortOrder('name'), render: (v, m) => <Link to={`/members/${m.id}`}>{v}</Link> },
          { title: '性别', dataIndex: 'gender', width: 60 },
          { title: '手机号', dataIndex: 'phone', width: 160, render: (v: string, m) => <Masked masked={v} reveal={revealPhone(m.id)} label="手机号" /> },
          { title: '工作单位', dataIndex: 'unitName', key: 'unit', ellipsis: true, sorter: true, sortOrder: sortOrder('unit') },
          { title: '居住村居', dataIndex: 'communityName', key: 'community', width: 120, sorter: true, sortOrder: sortOrder('community') },
          { title: '报到日期', dataIndex: 'registeredAt', key: 'registeredAt', width: 120, sorter: true, sortOrder: sortOrder('registeredAt') },
          { title: '特长', dataIndex: 'skills', width: 160, render: (s: string[]) => s.map((t) => <Tag key={t}>{t}</Tag>) },
          { title: '签到', dataIndex: 'attendanceCount', width: 70, align: 'right' },
          { title: '状态', dataIndex: 'status', width: 90, render: (s: string, m) => (m.archivedAt ? <Tag>已归档</Tag> : <Tag color={s === '在册' ? 'green' : 'default'}>{s}</Tag>) },
          {
            title: '操作',
            width: 150,
            fixed: 'right',
            render: (_, m) => (
              <Space>
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
        ]}
      />
      <MemberForm editing={editing} defaults={fixed} onClose={() => setEditing(null)} />
    </>
  )
}
