import { ImportOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Select, Space, Table } from 'antd'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { UNIT_KINDS, type Input as In, type Unit } from '../../../../shared/api'
import { call, useApi } from '../../api'
import { TOP_BAR_HEIGHT, useColumns } from '../../components/columns'
import { ArchivedFilter, RemoveButton, SearchBox, Toolbar, useListState } from '../../components/list'
import { CommunitySelect } from '../../components/RegisterSelect'
import { UnitForm } from './UnitForm'

type Filters = { kind?: Unit['kind']; communityId?: number }
const FILTERS: Array<keyof Filters> = ['kind', 'communityId']

export function UnitTable({ fixed = {}, prefix = '' }: { fixed?: { communityId?: number }; prefix?: string }) {
  const { state, filter, onTableChange, pagination, sortOrder } = useListState<Filters>({ fixed, filters: FILTERS, prefix })
  const list = useApi('unit.list', state as In<'unit.list'>)
  const [editing, setEditing] = useState<Unit | 'new' | null>(null)
  const navigate = useNavigate()
  const { columns, scroll } = useColumns<Unit>(undefined, [
    { title: '单位名称', dataIndex: 'name', key: 'name', width: 200, always: true, sorter: true, sortOrder: sortOrder('name'), clip: true, render: (v, u) => <Link to={`/units/${u.id}`}>{v}</Link> },
    { title: '类型', dataIndex: 'kind', key: 'kind', width: 96, sorter: true, sortOrder: sortOrder('kind') },
    { title: '党组织', dataIndex: 'partyOrg', key: 'partyOrg', width: 200, from: 'xxl', clip: true },
    { title: '联系人', dataIndex: 'contact', key: 'contact', width: 84, clip: true },
    { title: '联系电话', dataIndex: 'phone', key: 'phone', width: 150, render: (v: string) => v || '—' },
    !fixed.communityId && { title: '结对村居', dataIndex: 'pairedNames', key: 'community', width: 140, clip: true, render: (v: string) => v || '—' },
    { title: '报到日期', dataIndex: 'reportedOn', key: 'reportedOn', width: 110, from: 'xl', render: (v: string | null) => v ?? '—' },
    { title: '在册党员', dataIndex: 'memberCount', key: 'memberCount', width: 104, align: 'right', sorter: true, sortOrder: sortOrder('memberCount') },
    {
      title: '操作',
      key: 'actions',
      width: 148,
      always: true,
      render: (_, u) => (
        <Space size={6}>
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
  ])
  return (
    <>
      <Toolbar
        extra={
          !fixed.communityId && (
            <Space>
              <Button icon={<ImportOutlined />} onClick={() => navigate('/imports/new?kind=unit')}>
                导入单位名单
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                新建单位
              </Button>
            </Space>
          )
        }
      >
        <SearchBox label="查找单位" placeholder="单位名称、党组织、联系人或拼音首字母" width={280} value={state.keyword} onSearch={(keyword) => filter({ keyword })} />
        <Select placeholder="单位类型" allowClear style={{ width: 124 }} value={state.kind} onChange={(kind) => filter({ kind })} options={UNIT_KINDS.map((k) => ({ label: k, value: k }))} />
        {!fixed.communityId && <CommunitySelect allowClear placeholder="结对村居" style={{ width: 150 }} value={state.communityId} onChange={(v) => filter({ communityId: v ?? undefined })} />}
        <ArchivedFilter value={state.archived} onChange={(archived) => filter({ archived })} />
      </Toolbar>
      <Table<Unit>
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
      <UnitForm editing={editing} onClose={() => setEditing(null)} />
    </>
  )
}
