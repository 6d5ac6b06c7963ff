import { App, Form, Modal, type FormInstance } from 'antd'
import { useEffect, useId, useRef, useState } from 'react'
import { showSaveError } from './list'

/**
 * A create/edit dialog: validates on the page first, then in main; main's per-field messages land on
 * their fields. `toInput` turns form values (dayjs, etc.) into the contract's input.
 *
 * Closing it (取消, ×, a click outside, Escape) after something was changed asks first. Escape inside an open
 * dropdown (a Select, a date or time picker) closes only that dropdown: antd's portals answer Escape topmost
 * first, and the dialog is below the dropdown.
 */
export function FormModal<V extends object>({
  title,
  open,
  initialValues,
  onClose,
  onSubmit,
  children,
  width = 640,
  name
}: {
  title: string
  open: boolean
  initialValues: Partial<V>
  onClose: () => void
  onSubmit: (values: V) => Promise<unknown>
  children: React.ReactNode | ((form: FormInstance<V>) => React.ReactNode)
  width?: number
  /** prefixes the fields' ids (default: one of React's own), so a page with several dialogs (all rendered, hidden) has no two inputs with one id */
  name?: string
}) {
  const ownId = useId().replace(/[^A-Za-z0-9]/g, '')
  const [form] = Form.useForm<V>()
  const [saving, setSaving] = useState(false)
  const { message, modal } = App.useApp()
  const snapshot = useRef('')
  const asking = useRef<{ destroy: () => void } | null>(null)
  // leaving the page (Back, a link) takes the question with it
  useEffect(() => () => asking.current?.destroy(), [])
  const wasOpen = useRef(false)
  // fill the form each time the dialog opens, not whenever the parent re-renders with a new initialValues object
  useEffect(() => {
    if (open && !wasOpen.current) {
      form.resetFields()
      form.setFieldsValue(initialValues as never)
      snapshot.current = JSON.stringify(form.getFieldsValue(true))
    }
    wasOpen.current = open
  }, [open, initialValues, form])
  const changed = (): boolean => form.isFieldsTouched() && JSON.stringify(form.getFieldsValue(true)) !== snapshot.current
  const requestClose = (): void => {
    if (saving || asking.current) return
    if (!changed()) return onClose()
    asking.current = modal.confirm({
      title: '放弃未保存的修改？',
      content: '关闭后，本次填写的内容不会保存。',
      okText: '放弃修改',
      okButtonProps: { danger: true },
      cancelText: '继续填写',
      onOk: onClose,
      afterClose: () => (asking.current = null)
    })
  }
  const save = async (): Promise<void> => {
    const values = await form.validateFields().catch(() => null)
    if (!values) return
    setSaving(true)
    try {
      await onSubmit(values)
      message.success('已保存')
      onClose()
    } catch (e) {
      showSaveError(form, e, message.error)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal title={title} open={open} onCancel={requestClose} onOk={save} okText="保存" cancelText="取消" confirmLoading={saving} width={width} destroyOnHidden forceRender>
      <Form form={form} name={name ?? `form${ownId}`} layout="vertical" requiredMark preserve={false} onFinish={save}>
        {typeof children === 'function' ? children(form) : children}
      </Form>
    </Modal>
  )
}

export const PHONE_RULE = { pattern: /^\s*1[3-9]\d([\s-]?\d){8}\s*$/, message: '手机号应为11位数字（以1开头）' }
export const CONTACT_PHONE_RULE = { pattern: /^[\d\-\s()（）+转]{7,30}$/, message: '应为电话号码，如 0757-82701234 或 13800138000' }
