import { Alert, Button, Form, Input } from 'antd'
import { useState } from 'react'
import { useApi, useCall } from '../api'
import { FormModal } from './FormModal'

const DISMISSED = 'redvest.operatorPromptDismissed'

/**
 * Until an operator is named (first start), a banner asks who is working, so the operation log names them. It does
 * not block the page; it can be put off for this session.
 */
export function OperatorPrompt() {
  const info = useApi('app.info', {}).data
  const save = useCall('settings.update')
  const [dismissed, setDismissed] = useState(() => sessionStorage.getItem(DISMISSED) === '1')
  const [open, setOpen] = useState(false)
  if (!info || info.operator || dismissed) return null
  return (
    <>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title="还没有填写操作员：操作日志将无法记下是谁做的修改、导入和导出。"
        action={
          <Button size="small" type="primary" onClick={() => setOpen(true)}>
            填写操作员
          </Button>
        }
        closable={{ onClose: () => (sessionStorage.setItem(DISMISSED, '1'), setDismissed(true)) }}
      />
      <OperatorForm open={open} onClose={() => setOpen(false)} orgName={info.orgName} save={(v) => save.mutateAsync(v)} />
    </>
  )
}

function OperatorForm({ open, onClose, orgName, save }: { open: boolean; onClose: () => void; orgName: string; save: (v: { orgName: string; operator: string }) => Promise<unknown> }) {
  return (
    <FormModal<{ orgName: string; operator: string }> title="填写操作员" open={open} initialValues={{ orgName, operator: '' }} onClose={onClose} onSubmit={save}>
      <p>操作日志会记下每一次修改、导入、导出是谁做的。请填写本机使用人的姓名（以后可在“设置”中修改）。</p>
      <Form.Item name="orgName" label="单位名称（街道）" rules={[{ required: true, whitespace: true, message: '请填写单位名称' }, { max: 50 }]}>
        <Input placeholder="例如：石湾镇街道" />
      </Form.Item>
      <Form.Item name="operator" label="操作员姓名" rules={[{ required: true, whitespace: true, message: '请填写操作员姓名' }, { max: 20 }]}>
        <Input placeholder="例如：陈文员" />
      </Form.Item>
    </FormModal>
  )
}
