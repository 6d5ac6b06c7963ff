import { InboxOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, InputNumber, Space, Typography, Upload } from 'antd'
import { IMPORT_KIND_LABELS, type ImportKind } from '../../../../shared/api'
import { call } from '../../api'
import { fileBase64, saveFile } from '../../download'
import type { ChosenFile, ReadOptions } from './state'

const MAX_BYTES = 20 * 1024 * 1024
const ACCEPT = '.xlsx,.xls,.et,.ods,.csv'

/** Step 1: pick a file (or a template to fill in); a file main could not read says why here. */
export function ChooseFile({
  title,
  kind,
  eventId,
  file,
  error,
  extra,
  onRead
}: {
  title: string
  kind: ImportKind
  eventId?: number
  file: ChosenFile | null
  error: string | null
  /** what else the clerk chooses before reading (the community, when each sheet is its own activity) */
  extra?: React.ReactNode
  onRead: (file: ChosenFile, opts?: ReadOptions) => void
}) {
  const { message } = App.useApp()
  return (
    <Card>
      <h2 className="page-title">{title}</h2>
      {extra}
      <Upload.Dragger
        accept={ACCEPT}
        showUploadList={false}
        beforeUpload={(f) => {
          if (f.size > MAX_BYTES) {
            message.error(`文件有 ${(f.size / 1024 / 1024).toFixed(1)} MB，超过 20 MB 的上限。`)
            return false
          }
          void fileBase64(f).then(
            (base64) => onRead({ name: f.name, base64 }),
            (e: Error) => message.error(e.message)
          )
          return false
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{file ? `已选择：${file.name}（点击或拖入可换一个文件）` : `把${IMPORT_KIND_LABELS[kind]}拖到这里，或点击选择文件`}</p>
        <p className="ant-upload-hint">支持 .xlsx、.xls、.et、.ods、.csv（UTF-8 或 GBK），不超过 20 MB</p>
      </Upload.Dragger>
      {eventId || kind === 'roster' || kind === 'unit' ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          没有现成的表格？
          <Typography.Link onClick={() => call('import.template', { kind, eventId }).then(saveFile, (e: Error) => message.error(e.message))}>
            下载{IMPORT_KIND_LABELS[kind]}模板
          </Typography.Link>
          ，按模板填写的表格导入时不需要再对应列。
        </Typography.Paragraph>
      ) : null}
      {error && (
        <Alert
          style={{ marginTop: 16 }}
          type="error"
          showIcon
          title={error}
          action={
            file && /表头/.test(error) ? (
              <Space orientation="vertical" align="end">
                <Space>
                  表头在第
                  <InputNumber min={1} max={20} size="small" onChange={(v) => v && onRead(file, { headerRow: Number(v) - 1 })} aria-label="表头行" />行
                </Space>
                <Button size="small" onClick={() => onRead(file, { headerRow: -1 })}>
                  第一行就是数据
                </Button>
              </Space>
            ) : undefined
          }
        />
      )}
    </Card>
  )
}
