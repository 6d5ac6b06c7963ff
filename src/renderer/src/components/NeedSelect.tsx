import { Select } from 'antd'
import { useState } from 'react'
import { useApi } from '../api'

/** Picks a need by searching the service list. */
export function NeedSelect({
  id,
  value,
  onChange,
  initial,
  placeholder = '不关联'
}: {
  id?: string
  value?: number | null
  onChange?: (v: number | null) => void
  initial: { id: number; title: string } | null
  /** what an empty box says: 不关联 where the link is optional */
  placeholder?: string
}) {
  const [keyword, setKeyword] = useState('')
  const found = useApi('need.list', { keyword, pageSize: 20 })
  const options = (found.data?.rows ?? []).map((n) => ({ value: n.id, label: `${n.title}(${n.communityName})` }))
  if (initial && !options.some((o) => o.value === initial.id)) options.unshift({ value: initial.id, label: initial.title })
  return (
    <Select id={id} allowClear placeholder={placeholder} value={value ?? undefined} onChange={(v) => onChange?.(v ?? null)} showSearch={{ filterOption: false, onSearch: setKeyword }} options={options} />
  )
}
