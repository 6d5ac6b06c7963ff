import { PlusOutlined } from '@ant-design/icons'
import { Button, Select, Table, Tag } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { NEED_SOURCES, NEED_STATUSES, type Input as In, type Need } from '../../../../shared/api'
import { useApi } from '../../api'
import { TOP_BAR_HEIGHT, useColumns } from '../../components/columns'
import { SearchBox, Toolbar, useListState } from '../../components/list'
import { CommunitySelect } from '../../components/RegisterSelect'
import { NeedForm } from './NeedForm'
import { NEED_STATUS_COLORS } from './status'
import { useNeedCategories } from './useNeedCategories'

type Filters = { communityId?: number; category?: string; status?: Need['status']; source?: Need['source'] }
const FILTERS: Array<keyof Filters> = ['communityId', 'category', 'status', 'source']

export function NeedTable({ fixed = {}, prefix = '' }: { fixed?: { communityId?: number }; prefix?: string }) {
  const { state, filter, onTableChange, pagination, sortOrder } = useListState<Filters>({ fixed, filters: FILTERS, prefix })
  const list = useApi('need.list', state as In<'need.list'>)
  const categories = useNeedCategories()
  const [editing, setEditing] = useState<Need | 'new' | null>(null)
  const { columns, scroll, settings } = useColumns<Need>('needs', [
    { title: '项目名称', dataIndex: 'title', key: 'title', width: 260, always: true, sorter: true, sortOrder: sortOrder('title'), clip: true, render: (v, n) => <Link to={`/needs/${n.id}`}>{v}</Link> },
    !fixed.communityId && { title: '村居', dataIndex: 'communityName', key: 'community', width: 104, sorter: true, sortOrder: sortOrder('community'), clip: true },
    { title: '类别', dataIndex: 'category', key: 'category', width: 150, sorter: true, sortOrder: sortOrder('category'), clip: true },
    { title: '来源', dataIndex: 'source', key: 'source', width: 100, from: 'xxl' },
    { title: '认领', key: 'claims', width: 96, render: (_, n) => `${n.open + n.done} / ${n.places} 人` },
    { title: '状态', dataIndex: 'status', key: 'status', width: 84, render: (s: string) => <Tag color={NEED_STATUS_COLORS[s]}>{s}</Tag> },
    { title: '登记时间', dataIndex: 'createdAt', key: 'createdAt', width: 112, sorter: true, sortOrder: sortOrder('createdAt'), render: (v: string) => v.slice(0, 10) }
  ])
  return (
    <>
      <Toolbar
        extra={
          <>
            {settings}
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新建项目
            </Button>
          </>
        }
      >
        <SearchBox label="查找项目" placeholder="项目名称、类别或拼音首字母" width={240} value={state.keyword} onSearch={(keyword) => filter({ keyword })} />
        {!fixed.communityId && <CommunitySelect allowClear placeholder="村居" style={{ width: 140 }} value={state.communityId} onChange={(v) => filter({ communityId: v ?? undefined })} />}
        <Select placeholder="类别" allowClear style={{ width: 170 }} value={state.category} onChange={(category) => filter({ category })} options={categories.map((c) => ({ label: c, value: c }))} />
        <Select placeholder="状态" allowClear style={{ width: 100 }} value={state.status} onChange={(status) => filter({ status })} options={NEED_STATUSES.map((s) => ({ label: s, value: s }))} />
        <Select placeholder="来源" allowClear style={{ width: 124 }} value={state.source} onChange={(source) => filter({ source })} options={NEED_SOURCES.map((s) => ({ label: s, value: s }))} />
      </Toolbar>
      <Table<Need>
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
      <NeedForm editing={editing} defaults={fixed} onClose={() => setEditing(null)} />
    </>
  )
}
