import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons'
import { App, Button, Space, Tooltip } from 'antd'
import { useState } from 'react'

/** A phone or ID number shown masked; the eye reveals it on purpose, one value at a time. */
export function Masked({ masked, reveal, label = '号码' }: { masked: string; reveal: () => Promise<string>; label?: string }) {
  const [full, setFull] = useState<string | null>(null)
  const { message } = App.useApp()
  if (!masked) return <span className="muted">未填写</span>
  const toggle = async (): Promise<void> => {
    if (full) return setFull(null)
    try {
      setFull(await reveal())
    } catch (e) {
      message.error((e as Error).message)
    }
  }
  return (
    <Space size={4}>
      <span className="mono">{full ?? masked}</span>
      <Tooltip title={full ? `隐藏${label}` : `显示完整${label}`}>
        <Button type="text" size="small" aria-label={full ? `隐藏${label}` : `显示${label}`} icon={full ? <EyeInvisibleOutlined /> : <EyeOutlined />} onClick={toggle} />
      </Tooltip>
    </Space>
  )
}
