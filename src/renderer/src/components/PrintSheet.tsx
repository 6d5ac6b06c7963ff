/**
 * A print-ready page on A4, outside the app's frame: a bar with 返回 and 打印 (not printed), then the sheet.
 * Once `ready`, it opens the print dialog by itself (unless the sheet is too long to print without asking).
 * Tables inside repeat their header row on every printed page and never split a row.
 */
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons'
import { Alert, Button, Progress, Space, Typography } from 'antd'
import { useEffect, useRef } from 'react'
import { useNavigate } from 'react-router'

/** Longer than this, the clerk presses 打印 themselves after seeing how long it is. */
const AUTO_PRINT_ROWS = 1000

const PRINT_CSS = (landscape: boolean): string => `
@page { size: A4 ${landscape ? 'landscape' : 'portrait'}; margin: 12mm 10mm 14mm; }
@media print {
  html, body { background: #fff !important; }
  .no-print { display: none !important; }
  .print-sheet { box-shadow: none !important; margin: 0 !important; padding: 0 !important; width: auto !important; min-height: 0 !important; }
}
`

export function PrintSheet({
  title,
  subtitle,
  details,
  rows,
  loading,
  error,
  landscape = false,
  children
}: {
  title: string
  subtitle?: React.ReactNode
  details?: Array<[string, React.ReactNode]>
  /** rows in the sheet once everything is fetched, or null while fetching */
  rows: number | null
  loading?: { done: number; total: number } | null
  error?: string | null
  landscape?: boolean
  children: React.ReactNode
}) {
  const ready = rows !== null && !error
  useEffect(() => {
    document.title = title
  }, [title])
  const long = (rows ?? 0) > AUTO_PRINT_ROWS
  return (
    <div className="print-page">
      <style>{PRINT_CSS(landscape)}</style>
      <PrintBar ready={ready} autoPrint={!long} note={`共 ${rows} 行，A4 ${landscape ? '横向' : '纵向'}${long ? '。内容较多，请确认后再按“打印”' : ''}`}>
        {loading && !ready && <Progress percent={Math.round((loading.done / Math.max(loading.total, 1)) * 100)} size="small" style={{ width: 240, margin: 0 }} />}
      </PrintBar>
      {error && <Alert className="no-print" type="error" showIcon message={error} style={{ maxWidth: 720, margin: '16px auto' }} />}
      <div className={`print-sheet ${landscape ? 'landscape' : ''}`}>
        <h1 className="print-title">{title}</h1>
        {subtitle && <div className="print-subtitle">{subtitle}</div>}
        {details && (
          <dl className="print-details">
            {details.map(([label, value]) => (
              <div key={label}>
                <dt>{label}：</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        )}
        {ready ? children : !error && <p className="print-wait">正在准备打印内容…</p>}
      </div>
    </div>
  )
}

/**
 * The bar above a print-ready page (not printed): 返回, 打印 and a note once `ready`. Once ready it opens the print
 * dialog by itself, once, when `autoPrint`.
 */
export function PrintBar({ ready, autoPrint, note, children }: { ready: boolean; autoPrint: boolean; note: string; children?: React.ReactNode }) {
  const navigate = useNavigate()
  const printed = useRef(false)
  useEffect(() => {
    if (!ready || !autoPrint || printed.current) return
    printed.current = true
    // let the browser lay the sheet out before the print preview measures it
    const timer = setTimeout(() => window.print(), 300)
    return () => clearTimeout(timer)
  }, [ready, autoPrint])
  return (
    <div className="print-bar no-print">
      <Space>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          返回
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} disabled={!ready} onClick={() => window.print()}>
          打印
        </Button>
        {ready && <Typography.Text type="secondary">{note}</Typography.Text>}
      </Space>
      {children}
    </div>
  )
}
