import { App, Button, DatePicker, Form, Space, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { call, useCall } from '../../api'
import { FormModal } from '../../components/FormModal'
import { CommunitySelect } from '../../components/RegisterSelect'
import { saveFile } from '../../download'
import { today } from '../../format'

/** What can be done to the members ticked in the list: transfer out, move home (each from a date), export (masked). */
export function BatchActions({ ids, onDone }: { ids: number[]; onDone: () => void }) {
  const batch = useCall('member.batch')
  const { message, modal } = App.useApp()
  const [action, setAction] = useState<'transfer' | 'move' | null>(null)
  if (!ids.length) return null
  const report = (r: { changed: number; skipped: string[] }): void => {
    onDone()
    if (!r.skipped.length) return void message.success(`已处理 ${r.changed} 人。`)
    modal.info({
      title: `已处理 ${r.changed} 人，${r.skipped.length} 人未改动`,
      content: (
        <ul style={{ maxHeight: 300, overflow: 'auto', paddingLeft: 18 }}>
          {r.skipped.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      )
    })
  }
  return (
    <Space wrap style={{ marginBottom: 8 }}>
      <Typography.Text>已选 {ids.length} 人：</Typography.Text>
      <Button onClick={() => setAction('transfer')}>批量转出</Button>
      <Button onClick={() => setAction('move')}>批量更换居住村居</Button>
      <Button onClick={() => call('member.export', { ids }).then(saveFile, (e: Error) => message.error(e.message))}>导出所选（隐藏号码）</Button>
      <Button type="link" onClick={onDone}>
        取消选择
      </Button>
      <FormModal<{ changedOn: Dayjs; communityId?: number }>
        title={action === 'transfer' ? `转出所选 ${ids.length} 人` : `更换所选 ${ids.length} 人的居住村居`}
        open={action !== null}
        initialValues={{ changedOn: today() }}
        onClose={() => setAction(null)}
        onSubmit={(v) => batch.mutateAsync({ ids, action: action!, communityId: v.communityId, changedOn: v.changedOn.format('YYYY-MM-DD') }).then(report)}
      >
        <p>从变动日期起生效；此前各期的统计不变。</p>
        {action === 'move' && (
          <Form.Item name="communityId" label="新的居住村居" rules={[{ required: true, message: '请选择新的居住村居' }]}>
            <CommunitySelect />
          </Form.Item>
        )}
        <Form.Item name="changedOn" label="变动日期" rules={[{ required: true, message: '请选择变动日期' }]}>
          <DatePicker />
        </Form.Item>
      </FormModal>
    </Space>
  )
}
