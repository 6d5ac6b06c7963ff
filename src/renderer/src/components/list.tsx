/** What every list page shares: filter/sort/page state kept in SQL terms, archive toggles and remove buttons. */
import { DeleteOutlined, RollbackOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { App, Button, Popconfirm, Segmented, Space, Tooltip, type FormInstance, type TablePaginationConfig } from 'antd'
import type { SorterResult } from 'antd/es/table/interface'
import { useState } from 'react'
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

export function useListState<F extends object>(filters: F, pageSize = 20) {
  const [state, setState] = useState<ListState & F>({ page: 1, pageSize, keyword: '', order: 'asc', archived: 'active', ...filters })
  /** Change filters and go back to the first page. */
  const filter = (patch: Partial<ListState & F>): void => setState((s) => ({ ...s, ...patch, page: 1 }))
  const onTableChange = <T,>(p: TablePaginationConfig, _f: unknown, sorter: SorterResult<T> | SorterResult<T>[]): void => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter
    setState((prev) => ({
      ...prev,
      page: p.current ?? 1,
      pageSize: p.pageSize ?? prev.pageSize,
      sort: s?.order ? String(s.columnKey ?? s.field) : undefined,
      order: s?.order === 'descend' ? 'desc' : 'asc'
    }))
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

export const Toolbar = ({ children }: { children: React.ReactNode }) => (
  <Space wrap style={{ marginBottom: 16 }}>
    {children}
  </Space>
)
