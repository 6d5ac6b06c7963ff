import { Select } from 'antd'
import { useApi } from '../api'

/** Typing 丽豪, lihao or lhsq all find 丽豪社区. */
const matchesOption = (input: string, option?: { search?: string }): boolean =>
  !!option?.search?.includes(input.toLowerCase().replace(/\s+/g, ''))

type PickerProps = { id?: string; value?: number | null; onChange?: (v: number | null) => void; placeholder?: string; allowClear?: boolean; style?: React.CSSProperties }

/** A picker over one register; archived records are offered only when already chosen. */
function RegisterSelect({ method, placeholder, ...props }: PickerProps & { method: 'community.options' | 'unit.options' }) {
  const options = useApi(method, {})
  return (
    <Select
      id={props.id}
      showSearch={{ filterOption: matchesOption }}
      allowClear={props.allowClear}
      placeholder={placeholder}
      style={props.style}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? null)}
      options={(options.data ?? [])
        .filter((o) => !o.archived || o.id === props.value)
        .map((o) => ({ value: o.id, label: o.archived ? `${o.name}（已归档）` : o.name, search: o.search }))}
    />
  )
}

export const CommunitySelect = (props: PickerProps) => <RegisterSelect method="community.options" placeholder="选择村居" {...props} />
export const UnitSelect = (props: PickerProps) => <RegisterSelect method="unit.options" placeholder="选择单位" {...props} />
