import { Select } from 'antd'
import { useState } from 'react'
import { useApi } from '../api'

/**
 * Pick members by name, phone, unit or pinyin initials, several at once. A chosen member keeps their name in the
 * box after the next search (and one chosen before the dialog opened shows `known`'s name), never a bare number.
 */
export function MemberPicker({ value, onChange, known = {} }: { value: number[]; onChange: (ids: number[]) => void; known?: Record<number, string> }) {
  const [keyword, setKeyword] = useState('')
  const [labels, setLabels] = useState<Record<number, string>>({})
  const found = useApi('member.list', { keyword, pageSize: 20, status: '在册' }, keyword.length > 0)
  const listed = (found.data?.rows ?? []).map((m) => ({ value: m.id, label: `${m.name} · ${m.unitName ?? '无单位'} · ${m.phone}` }))
  const shown = new Set(listed.map((o) => o.value))
  const options = [...value.filter((id) => !shown.has(id)).map((id) => ({ value: id, label: labels[id] ?? known[id] ?? '（已选党员）' })), ...listed]
  const choose = (ids: number[]): void => {
    // the names of those chosen, for when the next search no longer lists them
    setLabels((l) => ({ ...l, ...Object.fromEntries(listed.filter((o) => ids.includes(o.value)).map((o) => [o.value, o.label])) }))
    onChange(ids)
  }
  return (
    <Select
      id="member-picker"
      mode="multiple"
      style={{ minWidth: 420 }}
      placeholder="输入姓名、手机号、单位或拼音首字母查找党员"
      value={value}
      onChange={choose}
      showSearch={{ filterOption: false, onSearch: setKeyword }}
      notFoundContent={keyword ? (found.isFetching ? '查找中…' : '没有找到') : '请输入关键词'}
      options={options}
    />
  )
}
