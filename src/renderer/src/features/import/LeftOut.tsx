import { Button, Collapse, List, Typography } from 'antd'
import type { ImportLeftOut } from '../../../../shared/api'

/** Where a row is in the file, as the clerk finds it there. */
export function rowPlace(r: { index: number; sheet?: number; block?: number }, sheets: string[], blocks = 2): string {
  const sheet = r.sheet !== undefined ? `"${sheets[r.sheet] ?? r.sheet + 1}" ` : ''
  const block = r.block ? (blocks === 2 ? (r.block === 1 ? '左栏' : '右栏') : `第${r.block}栏`) : ''
  return `${sheet}${block}第${r.index}行`
}

/** The rows below the header that were not taken as people, one line each with the reason; any can be brought back. */
export function LeftOut({ leftOut, sheets, onBringBack }: { leftOut: ImportLeftOut[]; sheets: string[]; onBringBack: (l: ImportLeftOut) => void }) {
  if (!leftOut.length) return null
  return (
    <Collapse
      style={{ marginBottom: 12 }}
      size="small"
      items={[
        {
          key: 'left-out',
          label: `未作为人员导入的 ${leftOut.length} 行（表头、标题、备注、落款等），点开查看；如有人员被误判，可以"作为人员导入"`,
          children: (
            <List
              size="small"
              dataSource={leftOut}
              renderItem={(l) => (
                <List.Item
                  actions={[
                    <Button key="back" size="small" onClick={() => onBringBack(l)} aria-label={`把${rowPlace(l.row, sheets)}作为人员导入`}>
                      作为人员导入
                    </Button>
                  ]}
                >
                  <Typography.Text>
                    {rowPlace(l.row, sheets)}:{l.reason}
                    <Typography.Text type="secondary">——{l.text}</Typography.Text>
                  </Typography.Text>
                </List.Item>
              )}
            />
          )
        }
      ]}
    />
  )
}
