import { App, Button, Card, DatePicker, Form, Table, Tag } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { Link } from 'react-router'
import type { RegistrationSpan } from '../../../../shared/api'
import { useApi, useCall } from '../../api'
import { FormModal } from '../../components/FormModal'
import { formatDate } from '../../format'

const REASONS: Record<string, string> = { 转出: '转出', 迁居: '迁居到其他村居', 归档: '归档' }

/** 报到记录: each registration of a member, in force from its date until the day it ended; past dates can be corrected. */
export function RegistrationHistory({ memberId }: { memberId: number }) {
  const history = useApi('member.history', { memberId })
  const edit = useCall('member.editSpan')
  const { modal } = App.useApp()
  const [editing, setEditing] = useState<RegistrationSpan | null>(null)
  return (
    <Card title="报到记录" size="small">
      <Table<RegistrationSpan>
        rowKey="id"
        size="small"
        pagination={false}
        loading={history.isFetching}
        dataSource={history.data}
        locale={{ emptyText: '尚未报到（未报到人员：签到计入活动人次，不计入报到党员）' }}
        columns={[
          { title: '报到村居', dataIndex: 'communityName', render: (v, s) => <Link to={`/communities/${s.communityId}`}>{v}</Link> },
          { title: '报到日期', dataIndex: 'startDate', width: 130, render: formatDate },
          { title: '结束日期', dataIndex: 'endedOn', width: 130, render: (v: string | null) => (v ? formatDate(v) : <Tag color="green">在册</Tag>) },
          { title: '结束原因', dataIndex: 'endReason', width: 150, render: (v: string) => REASONS[v] ?? '—' },
          { title: '', key: 'edit', width: 100, render: (_, s) => <Button size="small" onClick={() => setEditing(s)}>更正日期</Button> }
        ]}
      />
      <FormModal<{ startDate: Dayjs; endedOn: Dayjs | null }>
        title="更正报到记录的日期"
        open={!!editing}
        initialValues={editing ? { startDate: dayjs(editing.startDate), endedOn: editing.endedOn ? dayjs(editing.endedOn) : null } : {}}
        onClose={() => setEditing(null)}
        onSubmit={(v) =>
          edit
            .mutateAsync({ id: editing!.id, startDate: v.startDate.format('YYYY-MM-DD'), endedOn: v.endedOn?.format('YYYY-MM-DD') ?? '' })
            .then((r) => void modal.info({ title: '已更正', content: r.changes }))
        }
      >
        <p>只用于更正录入错误。转出、迁居、复报到请在“编辑”中修改状态或村居。</p>
        <Form.Item name="startDate" label="报到日期" rules={[{ required: true, message: '请选择报到日期' }]}>
          <DatePicker />
        </Form.Item>
        {editing?.endedOn && (
          <Form.Item name="endedOn" label="结束日期（当天起不再计入）" rules={[{ required: true, message: '请选择结束日期' }]}>
            <DatePicker />
          </Form.Item>
        )}
      </FormModal>
    </Card>
  )
}
