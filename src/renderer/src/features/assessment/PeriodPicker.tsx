import { InputNumber, Segmented, Space } from 'antd'
import type { AssessPeriod, Scheme } from '../../../../shared/api'
import { periodOptions } from './period'

/** 年度 and 考核期: the periods offered are the ones the year's scheme grades. */
export function PeriodPicker({ year, period, scheme, onChange }: { year: number; period: AssessPeriod; scheme?: Scheme; onChange: (p: { year?: number; period?: AssessPeriod }) => void }) {
  return (
    <Space>
      <InputNumber aria-label="年度" min={2000} max={2100} value={year} suffix="年" style={{ width: 110 }} onChange={(v) => v && onChange({ year: v, period: undefined })} />
      <Segmented aria-label="考核期" value={period} options={periodOptions(scheme)} onChange={(v) => onChange({ period: v as AssessPeriod })} />
    </Space>
  )
}
