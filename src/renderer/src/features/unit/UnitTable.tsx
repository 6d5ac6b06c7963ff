import { PlusOutlined } from '@ant-design/icons'
import { Button, Input, Select, Space, Table } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { UNIT_KINDS, type Input as In, type Unit } from '../../../../shared/api'
import { call, useApi } from '../../api'
import { ArchivedFilter, RemoveButton, Toolbar, useListState } from '../../components/list'
import { CommunitySelect } from '../../components/RegisterSelect'
import { UnitForm } from './UnitForm'

export function UnitTable({ fixed = {} }: { fixed?: { communityId?: number } }) {
  const { state, filter, onTableChange, pagination, sortOrder } = useListState<{ kind?: Unit['kind']; communityId?: number }>(fixed)
  const list = useApi('unit.list', state as In<'unit.list'>)
  const [editing, setEditing] = useState<Unit | 'new' | null>(null)
  return (
    <>
      <Toolbar>
        <Input.Search placeholder="单位名称、党组织、联系人或拼音首字母" allowClear style={{ width: 300 }} onSearch={(keyword) => filter({ keyword })} />
        <Select placeholder="单位类型" allowClear style={{ width: 130 }} value={state.kind} onChange={(kind) => filter({ kind })} options={UNIT_KINDS.map((k) => ({ label: k, value: k }))} />
        {!fixed.communityId && <CommunitySelect allowClear placeholder="结对村居" style={{ width: 160 }} value={state.communityId} onChange={(v) => filter({ communityId: v ?? undefined })} />}
        <ArchivedFilter value={state.archived} onChange={(archived) => filter({ archived })} />
        {!fixed.communityId && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新建单位
          </Button>
        )}
      </Toolbar>
      <Table<Unit>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows}
        pagination={pagination(list.data?.total)}
        onChange={onTableChange}
        columns={[
          { title: '单位名称', dataIndex: 'name', key: 'name', sorter: true, sortOrder: sortOrder('name'), render: (v, u) => <Link to={`/units/${u.id}`}>{v}</Link> },
          { title: '类型', dataIndex: 'kind', key: 'kind', width: 100, sorter: true, sortOrder: sortOrder('kind') },
          { title: '党组织', dataIndex: 'partyOrg', ellipsis: true },
          { title: '联系人', dataIndex: 'contact', width: 90 },
          { title: '联系电话', dataIndex: 'phone', width: 170, render: (v: string) => v || '—' },
          { title: '结对村居', dataIndex: 'communityName', width: 120, render: (v, u) => (v ? <Link to={`/communities/${u.communityId}`}>{v}</Link> : '—') },
          { title: '在册党员', dataIndex: 'memberCount', key: 'memberCount', width: 110, align: 'right', sorter: true, sortOrder: sortOrder('memberCount') },
          {
            title: '操作',
            width: 150,
            render: (_, u) => (
              <Space>
                <Button size="small" onClick={() => setEditing(u)}>
                  编辑
                </Button>
                <RemoveButton
                  what="该单位"
                  history={u.memberCount ? `${u.memberCount} 名党员` : ''}
                  archived={!!u.archivedAt}
                  remove={() => call('unit.remove', { id: u.id })}
                  restore={() => call('unit.restore', { id: u.id })}
                />
              </Space>
            )
          }
        ]}
      />
      <UnitForm editing={editing} onClose={() => setEditing(null)} />
    </>
  )
}
