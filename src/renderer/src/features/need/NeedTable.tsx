import { PlusOutlined } from '@ant-design/icons'
import { Button, Input, Select, Table, Tag } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { NEED_SOURCES, NEED_STATUSES, type Input as In, type Need } from '../../../../shared/api'
import { useApi } from '../../api'
import { Toolbar, useListState } from '../../components/list'
import { CommunitySelect } from '../../components/RegisterSelect'
import { NeedForm } from './NeedForm'
import { NEED_STATUS_COLORS } from './status'
import { useNeedCategories } from './useNeedCategories'

type Filters = { communityId?: number; category?: string; status?: Need['status']; source?: Need['source'] }

export function NeedTable({ fixed = {} }: { fixed?: { communityId?: number } }) {
  const { state, filter, onTableChange, pagination, sortOrder } = useListState<Filters>(fixed)
  const list = useApi('need.list', state as In<'need.list'>)
  const categories = useNeedCategories()
  const [editing, setEditing] = useState<Need | 'new' | null>(null)
  return (
    <>
      <Toolbar>
        <Input.Search placeholder="项目名称、类别或拼音首字母" allowClear style={{ width: 260 }} onSearch={(keyword) => filter({ keyword })} />
        {!fixed.communityId && <CommunitySelect allowClear placeholder="村居" style={{ width: 150 }} value={state.communityId} onChange={(v) => filter({ communityId: v ?? undefined })} />}
        <Select placeholder="类别" allowClear style={{ width: 190 }} value={state.category} onChange={(category) => filter({ category })} options={categories.map((c) => ({ label: c, value: c }))} />
        <Select placeholder="状态" allowClear style={{ width: 110 }} value={state.status} onChange={(status) => filter({ status })} options={NEED_STATUSES.map((s) => ({ label: s, value: s }))} />
        <Select placeholder="来源" allowClear style={{ width: 130 }} value={state.source} onChange={(source) => filter({ source })} options={NEED_SOURCES.map((s) => ({ label: s, value: s }))} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建项目
        </Button>
      </Toolbar>
      <Table<Need>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows}
        pagination={pagination(list.data?.total)}
        onChange={onTableChange}
        columns={[
          { title: '项目名称', dataIndex: 'title', key: 'title', sorter: true, sortOrder: sortOrder('title'), render: (v, n) => <Link to={`/needs/${n.id}`}>{v}</Link> },
          { title: '村居', dataIndex: 'communityName', key: 'community', width: 120, sorter: true, sortOrder: sortOrder('community') },
          { title: '类别', dataIndex: 'category', key: 'category', width: 170, sorter: true, sortOrder: sortOrder('category') },
          { title: '来源', dataIndex: 'source', width: 100 },
          { title: '认领', width: 110, render: (_, n) => `${n.open + n.done} / ${n.places} 人` },
          { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => <Tag color={NEED_STATUS_COLORS[s]}>{s}</Tag> },
          { title: '登记时间', dataIndex: 'createdAt', key: 'createdAt', width: 120, sorter: true, sortOrder: sortOrder('createdAt'), render: (v: string) => v.slice(0, 10) }
        ]}
      />
      <NeedForm editing={editing} defaults={fixed} onClose={() => setEditing(null)} />
    </>
  )
}
