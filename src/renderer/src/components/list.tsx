/** What every list page shares: filter/sort/page state kept in SQL terms, archive toggles and remove buttons. */
import { DeleteOutlined, RollbackOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { App, Button, Input, Popconfirm, Segmented, Tooltip, type FormInstance, type TablePaginationConfig } from 'antd'
import type { SorterResult } from 'antd/es/table/interface'
import { useEffect, useRef, useState } from 'react'
import { useSearchParams } from 'react-router'
import type { RemoveResult } from '../../../shared/api'
import { ApiCallError } from '../api'

export interface ListState {
  page: number
  pageSize: number
  keyword: string
  sort?: string
  order: 'asc' | 'desc'
  archived: 'active' | 'archived' | 'all'
}

const LIST_DEFAULTS = { page: 1, keyword: '', order: 'asc', archived: 'active' } as const
/** How each part of the list state is spelled in the URL. */
const URL_NAMES = { keyword: 'q', page: 'page', pageSize: 'size', sort: 'sort', order: 'order', archived: 'archived' } as const

/**
 * A list's keyword, filters, sort and page, kept in the query of the hash route (`#/members?q=张&page=3`)
 * so that Back and reload return to them. `filters` names the filters this list reads from the URL (ids as
 * numbers when their name ends in "Id"); `fixed` filters are always applied and never shown in the URL.
 * Two lists on one page take different `prefix`es.
 */
export function useListState<F extends object>({ fixed = {}, filters = [], pageSize = 20, prefix = '' }: { fixed?: Partial<F>; filters?: Array<keyof F & string>; pageSize?: number; prefix?: string } = {}) {
  const [params, setParams] = useSearchParams()
  const read = (name: string): string | null => params.get(prefix + name)
  const positive = (v: string | null, fallback: number): number => (v && /^\d{1,6}$/.test(v) && Number(v) > 0 ? Number(v) : fallback)
  const order = read(URL_NAMES.order)
  const archived = read(URL_NAMES.archived)
  const state = {
    page: positive(read(URL_NAMES.page), 1),
    pageSize: Math.min(positive(read(URL_NAMES.pageSize), pageSize), 200),
    keyword: read(URL_NAMES.keyword) ?? '',
    sort: read(URL_NAMES.sort) ?? undefined,
    order: order === 'desc' ? 'desc' : 'asc',
    archived: archived === 'archived' || archived === 'all' ? archived : 'active',
    ...Object.fromEntries(
      filters.flatMap((k) => {
        const v = read(k)
        if (v === null || v === '') return []
        return [[k, k.endsWith('Id') ? positive(v, 0) || undefined : v]]
      })
    ),
    ...fixed
  } as ListState & F

  /** Writes the whole state into the URL, leaving out what is at its default, replacing the history entry. */
  const write = (next: ListState & F): void => {
    setParams(
      (prev) => {
        const out = new URLSearchParams(prev)
        for (const k of [...Object.values(URL_NAMES), ...filters]) out.delete(prefix + k)
        const put = (name: string, v: unknown): void => {
          if (v !== undefined && v !== null && v !== '') out.set(prefix + name, String(v))
        }
        for (const [k, name] of Object.entries(URL_NAMES) as Array<[keyof ListState, string]>) {
          const v = next[k]
          if (k === 'pageSize' ? v !== pageSize : v !== (LIST_DEFAULTS as Record<string, unknown>)[k]) put(name, v)
        }
        for (const k of filters) if (!(k in fixed)) put(k, next[k])
        return out
      },
      { replace: true }
    )
  }
  /** Change filters and go back to the first page; nothing happens when nothing changes. */
  const filter = (patch: Partial<ListState & F>): void => {
    const changed = Object.entries(patch).some(([k, v]) => (v ?? '') !== ((state as Record<string, unknown>)[k] ?? ''))
    if (changed) write({ ...state, ...patch, page: 1 })
  }
  const onTableChange = <T,>(p: TablePaginationConfig, _f: unknown, sorter: SorterResult<T> | SorterResult<T>[]): void => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter
    write({
      ...state,
      page: p.current ?? 1,
      pageSize: p.pageSize ?? state.pageSize,
      sort: s?.order ? String(s.columnKey ?? s.field) : undefined,
      order: s?.order === 'descend' ? 'desc' : 'asc'
    })
  }
  const pagination = (total: number | undefined): TablePaginationConfig => ({
    current: state.page,
    pageSize: state.pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100],
    showTotal: (t) => `共 ${t} 条`
  })
  const sortOrder = (key: string): 'ascend' | 'descend' | null =>
    state.sort === key ? (state.order === 'desc' ? 'descend' : 'ascend') : null
  return { state, filter, onTableChange, pagination, sortOrder }
}

/** Page state for a simple paged table (no filters or sorting of its own). */
export function usePage(pageSize = 20) {
  const [page, setPage] = useState({ page: 1, pageSize })
  const pagination = (total: number | undefined): TablePaginationConfig => ({
    current: page.page,
    pageSize: page.pageSize,
    total: total ?? 0,
    showTotal: (t) => `共 ${t} 条`,
    onChange: (p, s) => setPage({ page: p, pageSize: s })
  })
  return { page, pagination }
}

/**
 * The keyword box of a list: filters as the clerk types (250 ms after the last key, or at once on Enter),
 * waits while an input method is composing, and follows the URL when Back changes the keyword.
 */
export function SearchBox({ value, onSearch, placeholder, label, width = 300, size }: { value: string; onSearch: (keyword: string) => void; placeholder: string; label: string; width?: number; size?: 'small' }) {
  const [text, setText] = useState(value)
  const [composing, setComposing] = useState(false)
  const sent = useRef(value)
  const search = useRef(onSearch)
  search.current = onSearch
  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value
      setText(value)
    }
  }, [value])
  useEffect(() => {
    if (composing || text.trim() === sent.current.trim()) return
    const timer = setTimeout(() => {
      sent.current = text.trim()
      search.current(text.trim())
    }, 250)
    return () => clearTimeout(timer)
  }, [text, composing])
  return (
    <Input.Search
      value={text}
      allowClear
      placeholder={placeholder}
      aria-label={label}
      size={size}
      style={{ width }}
      onChange={(e) => setText(e.target.value)}
      onCompositionStart={() => setComposing(true)}
      onCompositionEnd={(e) => {
        setComposing(false)
        setText(e.currentTarget.value)
      }}
      onSearch={(v) => {
        sent.current = v.trim()
        search.current(v.trim())
      }}
    />
  )
}

export function ArchivedFilter({ value, onChange }: { value: ListState['archived']; onChange: (v: ListState['archived']) => void }) {
  return (
    <Segmented
      value={value}
      onChange={(v) => onChange(v as ListState['archived'])}
      options={[
        { label: '在用', value: 'active' },
        { label: '已归档', value: 'archived' },
        { label: '全部', value: 'all' }
      ]}
    />
  )
}

/**
 * Delete or, when history depends on the record, archive; the confirmation says which will happen.
 * `history` describes what depends on it ("12 条签到记录"), or is empty when nothing does.
 */
export function RemoveButton({
  what,
  history,
  archived,
  remove,
  restore,
  onRemoved
}: {
  what: string
  history: string
  archived: boolean
  remove: () => Promise<RemoveResult>
  restore: () => Promise<unknown>
  onRemoved?: (r: RemoveResult) => void
}) {
  const { message, modal } = App.useApp()
  const queryClient = useQueryClient()
  const refresh = (): void => void queryClient.invalidateQueries()
  if (archived) {
    return (
      <Tooltip title="恢复为在用">
        <Button size="small" icon={<RollbackOutlined />} onClick={() => restore().then(() => (refresh(), message.success('已恢复')), (e: ApiCallError) => message.error(e.message))}>
          恢复
        </Button>
      </Tooltip>
    )
  }
  const title = history ? `${what}有 ${history}，不会被删除，而是归档` : `确定删除${what}？`
  const description = history ? '归档后不再出现在在用列表中，历史记录全部保留，可随时在“已归档”中恢复。' : '删除后不可恢复。'
  return (
    <Popconfirm
      title={title}
      description={description}
      okText={history ? '归档' : '删除'}
      okButtonProps={{ danger: !history }}
      cancelText="取消"
      onConfirm={() =>
        remove().then(
          (r) => {
            refresh()
            if (r.outcome === 'archived') modal.info({ title: '已归档', content: r.reason })
            else message.success('已删除')
            onRemoved?.(r)
          },
          (e: ApiCallError) => message.error(e.message)
        )
      }
    >
      <Button size="small" danger={!history} icon={<DeleteOutlined />}>
        {history ? '归档' : '删除'}
      </Button>
    </Popconfirm>
  )
}

/** Shows a failed save: each field's message on its field, the whole message on top. */
export function showSaveError(form: FormInstance, e: unknown, error: (msg: string) => void): void {
  const err = e instanceof ApiCallError ? e.error : { message: (e as Error).message, fields: undefined }
  const fields = Object.entries(err.fields ?? {}).filter(([name]) => name !== '_')
  form.setFields(fields.map(([name, msg]) => ({ name, errors: [msg] })))
  error(err.message)
}

/** The row over a list: search and filters on the left (wrapping when narrow), `extra` (new, column settings) on the right. */
export const Toolbar = ({ children, extra }: { children: React.ReactNode; extra?: React.ReactNode }) => (
  <div className="toolbar">
    <div className="toolbar-filters">{children}</div>
    {extra && <div className="toolbar-extra">{extra}</div>}
  </div>
)
