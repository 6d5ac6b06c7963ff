import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Descriptions, Select, Space, Statistic, Table, Tabs, Tag } from 'antd'
import { useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { COMMUNITY_KINDS, type Community, type Input as In } from '../../../shared/api'
import { call, useApi } from '../api'
import { BackLink, DetailHeader } from '../components/DetailHeader'
import { TOP_BAR_HEIGHT, useColumns } from '../components/columns'
import { ArchivedFilter, RemoveButton, SearchBox, Toolbar, useListState } from '../components/list'
import { CommunityForm } from '../features/community/CommunityForm'
import { EventTable } from '../features/event/EventTable'
import { FeedbackTable } from '../features/feedback/FeedbackTable'
import { MemberTable } from '../features/member/MemberTable'
import { NeedTable } from '../features/need/NeedTable'
import { UnitTable } from '../features/unit/UnitTable'

const history = (c: Community): string =>
  [c.memberCount && `${c.memberCount} 名党员`, c.unitCount && `${c.unitCount} 个结对单位`, c.eventCount && `${c.eventCount} 场活动`].filter(Boolean).join('、')

export function CommunitiesPage() {
  const { state, filter, onTableChange, pagination, sortOrder } = useListState<{ kind?: Community['kind'] }>({ filters: ['kind'] })
  const list = useApi('community.list', state as In<'community.list'>)
  const [editing, setEditing] = useState<Community | 'new' | null>(null)
  const { columns, scroll } = useColumns<Community>(undefined, [
    { title: '名称', dataIndex: 'name', key: 'name', width: 120, always: true, sorter: true, sortOrder: sortOrder('name'), clip: true, render: (v, c) => <Link to={`/communities/${c.id}`}>{v}</Link> },
    { title: '类型', dataIndex: 'kind', key: 'kind', width: 76, sorter: true, sortOrder: sortOrder('kind') },
    { title: '党组织书记', dataIndex: 'secretary', key: 'secretary', width: 104, clip: true },
    { title: '联系电话', dataIndex: 'phone', key: 'phone', width: 150, render: (v: string) => v || '—' },
    { title: '地址', dataIndex: 'address', key: 'address', width: 160, clip: true },
    { title: '在册党员', dataIndex: 'memberCount', key: 'memberCount', width: 104, align: 'right', sorter: true, sortOrder: sortOrder('memberCount') },
    { title: '结对单位', dataIndex: 'unitCount', key: 'unitCount', width: 88, align: 'right' },
    { title: '活动', dataIndex: 'eventCount', key: 'eventCount', width: 76, align: 'right', sorter: true, sortOrder: sortOrder('eventCount') },
    {
      title: '操作',
      key: 'actions',
      width: 148,
      always: true,
      render: (_, c) => (
        <Space size={6}>
          <Button size="small" onClick={() => setEditing(c)}>
            编辑
          </Button>
          <RemoveButton
            what="该村居"
            history={history(c)}
            archived={!!c.archivedAt}
            remove={() => call('community.remove', { id: c.id })}
            restore={() => call('community.restore', { id: c.id })}
          />
        </Space>
      )
    }
  ])
  return (
    <Card>
      <h2 className="page-title">村居</h2>
      <Toolbar
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新建村居
          </Button>
        }
      >
        <SearchBox label="查找村居" placeholder="名称、书记或拼音首字母（如 lhsq）" value={state.keyword} onSearch={(keyword) => filter({ keyword })} />
        <Select placeholder="类型" allowClear style={{ width: 110 }} value={state.kind} onChange={(kind) => filter({ kind })} options={COMMUNITY_KINDS.map((k) => ({ label: k, value: k }))} />
        <ArchivedFilter value={state.archived} onChange={(archived) => filter({ archived })} />
      </Toolbar>
      <Table<Community>
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
      <CommunityForm editing={editing} onClose={() => setEditing(null)} />
    </Card>
  )
}

export function CommunityPage() {
  const id = Number(useParams().id)
  const navigate = useNavigate()
  const c = useApi('community.get', { id })
  const [editing, setEditing] = useState<Community | null>(null)
  const [params, setParams] = useSearchParams()
  if (c.error) return <Card>{c.error.message}</Card>
  const d = c.data
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card loading={!d}>
        {d && (
          <>
            <DetailHeader
              title={d.name}
              tags={d.archivedAt && <Tag>已归档</Tag>}
              actions={
                <>
                  <Button onClick={() => setEditing(d)}>编辑</Button>
                  <RemoveButton
                    what="该村居"
                    history={history(d)}
                    archived={!!d.archivedAt}
                    remove={() => call('community.remove', { id })}
                    restore={() => call('community.restore', { id })}
                    onRemoved={(r) => r.outcome === 'deleted' && navigate('/communities')}
                  />
                </>
              }
            />
            <Descriptions
              size="small"
              column={3}
              items={[
                { label: '类型', children: d.kind },
                { label: '党组织书记', children: d.secretary || '—' },
                { label: '联系电话', children: d.phone || '—' },
                { label: '地址', children: d.address || '—', span: 2 },
                { label: '备注', children: d.note || '—' }
              ]}
            />
            <Space size={48} style={{ marginTop: 8 }}>
              <Statistic title="在册党员" value={d.memberCount} suffix="人" />
              <Statistic title="结对单位" value={d.unitCount} suffix="个" />
              <Statistic title="活动" value={d.eventCount} suffix="场" />
              <Statistic
                title={`群众满意率（${d.feedbackCount} 条评价）`}
                value={d.feedbackCount ? (d.satisfiedCount / d.feedbackCount) * 100 : '—'}
                precision={1}
                suffix={d.feedbackCount ? '%' : ''}
              />
            </Space>
          </>
        )}
      </Card>
      <Card>
        <Tabs
          activeKey={params.get('tab') ?? 'members'}
          onChange={(tab) => setParams(tab === 'members' ? {} : { tab }, { replace: true })}
          destroyOnHidden
          items={[
            { key: 'members', label: `党员（${d?.memberCount ?? 0}）`, children: <MemberTable fixed={{ communityId: id }} prefix="m." /> },
            { key: 'events', label: `活动（${d?.eventCount ?? 0}）`, children: <EventTable fixed={{ communityId: id }} prefix="e." /> },
            { key: 'units', label: `结对单位（${d?.unitCount ?? 0}）`, children: <UnitTable fixed={{ communityId: id }} prefix="u." /> },
            { key: 'needs', label: '服务清单', children: <NeedTable fixed={{ communityId: id }} prefix="n." /> },
            { key: 'feedback', label: `群众评价（${d?.feedbackCount ?? 0}）`, children: <FeedbackTable communityId={id} /> }
          ]}
        />
      </Card>
      <CommunityForm editing={editing} onClose={() => setEditing(null)} />
      <BackLink to="/communities">← 返回村居列表</BackLink>
    </Space>
  )
}
