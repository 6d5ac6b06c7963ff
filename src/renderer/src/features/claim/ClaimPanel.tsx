import { App, Button, Checkbox, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import type { Need, SuggestedMember } from '../../../../shared/api'
import { ApiCallError, useApi, useCall } from '../../api'
import { useColumns } from '../../components/columns'
import { SearchBox } from '../../components/list'

/** Pick who claims a need: suggested members of its community first, or anyone found by search. */
export function ClaimPanel({ need, onDone }: { need: Need; onDone?: () => void }) {
  const [keyword, setKeyword] = useState('')
  const suggested = useApi('need.suggest', { needId: need.id, keyword })
  const add = useCall('claim.add')
  const { message } = App.useApp()
  const [picked, setPicked] = useState<number[]>([])
  const [over, setOver] = useState(false)
  const left = need.places - need.open - need.done
  const { columns, scroll } = useColumns<SuggestedMember>(undefined, [
    { title: '姓名', dataIndex: 'name', key: 'name', width: 90, clip: true },
    { title: '工作单位', dataIndex: 'unitName', key: 'unit', width: 190, clip: true },
    { title: '特长', dataIndex: 'skills', key: 'skills', width: 220, clip: (m) => m.skills.join('、'), render: (s: string[], m) => s.map((t) => <Tag key={t} color={m.matched.includes(t) ? 'red' : undefined}>{t}</Tag>) },
    { title: '未完成认领', dataIndex: 'openClaims', key: 'openClaims', width: 104, align: 'right' }
  ])
  const submit = (): void => {
    add.mutateAsync({ needId: need.id, memberIds: picked, overPlaces: over }).then(
      (r) => {
        message.success(`已为 ${r.added} 人登记认领`)
        setPicked([])
        onDone?.()
      },
      (e: ApiCallError) => message.error(e.message)
    )
  }
  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text>
          推荐本村居党员（特长相符、认领少的在前），还剩 <b>{Math.max(left, 0)}</b> 个名额
        </Typography.Text>
        <SearchBox label="查找要认领的党员" placeholder="查找党员" size="small" width={200} value={keyword} onSearch={setKeyword} />
      </Space>
      <Table<SuggestedMember>
        rowKey="id"
        size="small"
        loading={suggested.isFetching}
        dataSource={suggested.data}
        pagination={{ pageSize: 8, size: 'small' }}
        rowSelection={{ selectedRowKeys: picked, onChange: (keys) => setPicked(keys as number[]) }}
        scroll={scroll}
        columns={columns}
      />
      <Space style={{ marginTop: 8 }}>
        <Checkbox checked={over} onChange={(e) => setOver(e.target.checked)}>
          超额认领（名额已满时仍登记）
        </Checkbox>
        <Button type="primary" disabled={!picked.length} loading={add.isPending} onClick={submit}>
          认领{picked.length ? ` ${picked.length} 人` : ''}
        </Button>
      </Space>
    </div>
  )
}
