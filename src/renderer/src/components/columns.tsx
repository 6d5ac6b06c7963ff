/**
 * Table columns for a 1366×768 screen: every column has a minimum width (the table scrolls sideways rather
 * than squeezing a title to two characters a line), long text is cut with … and shown whole in a tooltip,
 * the least important columns are hidden on narrower screens, and the clerk can show or hide any column
 * (remembered on this computer).
 */
import { SettingOutlined } from '@ant-design/icons'
import { Button, Checkbox, Grid, Popover, Space, Tooltip, Typography } from 'antd'
import type { ColumnType } from 'antd/es/table'
import { useState } from 'react'

/** antd's screen breakpoints: xl from 1200 px wide (a 1366 laptop), xxl from 1600 (a 1920 monitor). */
export type Breakpoint = 'xl' | 'xxl'

export interface Column<T> extends Omit<ColumnType<T>, 'title' | 'width' | 'key' | 'responsive'> {
  key: string
  title: string
  /** the narrowest the column gets; wider screens share the extra space in proportion */
  width: number
  /** shown only on screens at least this wide, unless the clerk shows it */
  from?: Breakpoint
  /** long text: one line, cut with …, whole in a tooltip; a function gives the tooltip's text for the row */
  clip?: true | ((row: T) => string)
  /** never hidden (the name that links to the record, the actions) */
  always?: boolean
}

/** The fixed top bar's height: sticky table headers stop under it. */
export const TOP_BAR_HEIGHT = 48

/** Text cut to one line, with a tooltip holding all of it when (and only when) it was cut. */
export function Clip({ text, children }: { text: string; children?: React.ReactNode }) {
  const [cut, setCut] = useState(false)
  return (
    <Tooltip title={cut ? text : undefined} placement="topLeft" mouseEnterDelay={0.3}>
      <span className="clip" onMouseEnter={(e) => setCut(e.currentTarget.scrollWidth > e.currentTarget.clientWidth + 1)}>
        {children ?? text}
      </span>
    </Tooltip>
  )
}

function toAntd<T>(c: Column<T>): ColumnType<T> {
  const { clip, from: _from, always: _always, render, ...rest } = c
  if (!clip) return { ...rest, render }
  return {
    ...rest,
    ellipsis: { showTitle: false },
    render: (value: unknown, row: T, index: number) => {
      const shown = render ? render(value, row, index) : (value as React.ReactNode)
      const text = typeof clip === 'function' ? clip(row) : value === null || value === undefined ? '' : String(value)
      return <Clip text={text}>{shown as React.ReactNode}</Clip>
    }
  }
}

function readPrefs(id: string | undefined): Record<string, boolean> {
  if (!id) return {}
  try {
    const v = JSON.parse(localStorage.getItem(`redvest.columns.${id}`) ?? '{}') as unknown
    return v && typeof v === 'object' ? (v as Record<string, boolean>) : {}
  } catch {
    return {}
  }
}

/**
 * The columns to give antd's Table, its `scroll.x`, and (when `id` is given) a small 列设置 button that shows
 * or hides columns, remembered in localStorage under `redvest.columns.<id>`.
 */
export function useColumns<T>(id: string | undefined, all: Array<Column<T> | false | null | undefined>) {
  const cols = all.filter((c): c is Column<T> => !!c)
  const screens = Grid.useBreakpoint()
  const [prefs, setPrefs] = useState(() => readPrefs(id))
  const save = (next: Record<string, boolean>): void => {
    setPrefs(next)
    if (id) localStorage.setItem(`redvest.columns.${id}`, JSON.stringify(next))
  }
  const byDefault = (c: Column<T>): boolean => !c.from || !!screens[c.from]
  const shown = (c: Column<T>): boolean => c.always || (prefs[c.key] ?? byDefault(c))
  const visible = cols.filter(shown)
  const columns = visible.map(toAntd)
  const scrollX = visible.reduce((sum, c) => sum + c.width, 0)
  const optional = cols.filter((c) => !c.always)
  const settings = id ? (
    <Popover
      trigger="click"
      placement="bottomRight"
      title="显示哪些列"
      content={
        <Space orientation="vertical" size={4}>
          {optional.map((c) => (
            <Checkbox key={c.key} checked={shown(c)} onChange={(e) => save({ ...prefs, [c.key]: e.target.checked })}>
              {c.title}
            </Checkbox>
          ))}
          <Typography.Link onClick={() => save({})}>恢复默认</Typography.Link>
        </Space>
      }
    >
      <Tooltip title="显示或隐藏列">
        <Button icon={<SettingOutlined />} aria-label="列设置">
          列设置
        </Button>
      </Tooltip>
    </Popover>
  ) : null
  return { columns, scroll: { x: scrollX }, settings }
}

/** About how wide a title or value shows at 14 px: Chinese characters take a full em, others about half. */
export function textWidth(s: string, px = 14): number {
  let w = 0
  for (const ch of s) w += /[\u2e80-\uffef]/.test(ch) ? px : px * 0.6
  return Math.ceil(w)
}
