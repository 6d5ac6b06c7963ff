import { Select } from 'antd'
import { useState } from 'react'
import { useApi } from '../api'

/** Pick members by name, phone, unit or pinyin initials, several at once. */
export function MemberPicker({ value, onChange }: { value: number[]; onChange: (ids: number[]) => void }) {
  const [keyword, setKeyword] = useState('')
  const found = useApi('member.list', { keyword, pageSize: 20, status: '在册' }, keyword.length > 0)
  return (
    <Select
      id="member-picker"
      mode="multiple"
      style={{ minWidth: 420 }}
      placeholder="输入姓名、手机号、单位或拼音首字母查找党员"
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setKeyword }}
      notFoundContent={keyword ? (found.isFetching ? '查找中…' : '没有找到') : '请输入关键词'}
      options={(found.data?.rows ?? []).map((m) => ({ value: m.id, label: `${m.name} · ${m.unitName ?? '无单位'} · ${m.phone}` }))}
    />
  )
}
