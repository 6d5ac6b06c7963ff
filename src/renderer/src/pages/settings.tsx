import { useQueryClient } from '@tanstack/react-query'
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography, Upload } from 'antd'
import { useEffect, useState } from 'react'
import type { Backup, Input as In } from '../../../shared/api'
import { call, useApi, useCall } from '../api'
import { fileBase64, saveFile } from '../download'
import { showSaveError } from '../components/list'
import { formatBytes } from '../format'

export function SettingsPage() {
  const info = useApi('app.info', {})
  const save = useCall('settings.update')
  const [form] = Form.useForm<In<'settings.update'>>()
  const { message } = App.useApp()
  const d = info.data
  useEffect(() => {
    if (d) form.setFieldsValue({ orgName: d.orgName, operator: d.operator, halfDayHours: d.dayHours.half, fullDayHours: d.dayHours.full })
  }, [d, form])
  const submit = (v: In<'settings.update'>): void => {
    save.mutateAsync(v).then(() => message.success('设置已保存'), (e) => showSaveError(form, e, message.error))
  }
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 900 }}>
      <Card title="基本信息">
        <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 480 }}>
          <Form.Item name="orgName" label="单位名称（用于页面标题和导出的报表）" rules={[{ required: true, whitespace: true, message: '请填写单位名称' }, { max: 50 }]}>
            <Input placeholder="如：石湾镇街道" />
          </Form.Item>
          <Form.Item name="operator" label="操作员姓名" rules={[{ max: 20 }]}>
            <Input placeholder="记录谁做了修改" />
          </Form.Item>
          <Space size={24}>
            <Form.Item name="halfDayHours" label="签到表写“半天”按几小时计" extra="没有写签到、签退时间时使用">
              <InputNumber min={0.5} max={24} step={0.5} addonAfter="小时" />
            </Form.Item>
            <Form.Item name="fullDayHours" label="写“全天”按几小时计">
              <InputNumber min={0.5} max={24} step={0.5} addonAfter="小时" />
            </Form.Item>
          </Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存
          </Button>
        </Form>
      </Card>
      <BackupCard />
      <NeedCategoriesCard categories={d?.needCategories ?? []} />
      <Card title="数据文件">
        {d && (
          <Descriptions
            column={1}
            items={[
              { label: '数据库文件', children: <Typography.Text copyable code>{d.dbPath}</Typography.Text> },
              { label: '占用空间', children: `${formatBytes(d.dbBytes)}（含尚未并入的写入日志；备份是整理过的副本，通常更小）` },
              { label: '数据版本', children: `第 ${d.schemaVersion} 版` },
              { label: '活动类别', children: d.eventCategories.map((c) => <Tag key={c}>{c}</Tag>) }
            ]}
          />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          全部台账都保存在上面这个文件里。程序每天第一次启动（或当天第一次导入前）、每次撤销导入前、升级和恢复前都会自动备份到同一文件夹的 backups 子文件夹；每次导入都可以在“导入”页撤销。要存到U盘，请用上面的“下载备份”。
        </Typography.Paragraph>
        <MoveData />
      </Card>
    </Space>
  )
}

/** 迁移数据文件夹: a checked copy in another folder, used from the next start. */
function MoveData() {
  const [folder, setFolder] = useState('')
  const [busy, setBusy] = useState(false)
  const { message, modal } = App.useApp()
  const move = (): void => {
    setBusy(true)
    call('backup.moveData', { folder: folder.trim() })
      .then(
        (r) =>
          void modal.success({
            title: '数据已迁移',
            content: `数据和备份已复制到 ${r.folder} 并通过检查。请现在关闭并重新打开红马甲，之后会使用新文件夹；在此之前这里不能再修改。`,
            okText: '我知道了'
          }),
        (e: Error) => message.error(e.message)
      )
      .finally(() => setBusy(false))
  }
  return (
    <Space style={{ marginTop: 12 }} wrap>
      <Input style={{ width: 360 }} placeholder="新的数据文件夹，如 D:\\红马甲数据" value={folder} onChange={(e) => setFolder(e.target.value)} aria-label="新的数据文件夹" />
      <Popconfirm
        title="把数据迁移到这个文件夹？"
        description="会先复制并检查数据和备份，完成后请重新打开红马甲。"
        okText="迁移"
        cancelText="取消"
        disabled={!folder.trim()}
        onConfirm={move}
      >
        <Button loading={busy} disabled={!folder.trim()}>
          迁移数据文件夹
        </Button>
      </Popconfirm>
    </Space>
  )
}

function NeedCategoriesCard({ categories }: { categories: string[] }) {
  const save = useCall('settings.needCategories')
  const { message } = App.useApp()
  const [value, setValue] = useState<string[] | null>(null)
  const current = value ?? categories
  return (
    <Card title="服务清单类别">
      <Select mode="tags" style={{ width: '100%' }} value={current} onChange={setValue} aria-label="服务清单类别" />
      <Button
        type="primary"
        style={{ marginTop: 12 }}
        disabled={!value}
        loading={save.isPending}
        onClick={() =>
          save.mutateAsync({ categories: current }).then(
            () => {
              message.success('服务清单类别已保存')
              setValue(null)
            },
            (e: Error) => message.error(e.message)
          )
        }
      >
        保存类别
      </Button>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        删去的类别不影响已登记的项目，只是新建项目时不再出现。
      </Typography.Paragraph>
    </Card>
  )
}

const REASONS: Record<Backup['reason'], string> = { daily: '每日自动', migration: '升级前', import: '导入前', undo: '撤销导入前', restore: '恢复前', manual: '手动' }

/** 备份与恢复: the rotation next to the database, a copy to keep elsewhere, and restore from either. */
function BackupCard() {
  const list = useApi('backup.list', {})
  const queryClient = useQueryClient()
  const { message, modal } = App.useApp()
  const [busy, setBusy] = useState<string | null>(null)
  const run = <T,>(label: string, p: () => Promise<T>, done: (r: T) => void): void => {
    setBusy(label)
    p()
      .then((r) => {
        done(r)
        void queryClient.invalidateQueries()
      }, (e: Error) => message.error(e.message))
      .finally(() => setBusy(null))
  }
  return (
    <Card
      title="备份与恢复"
      extra={
        <Space>
          <Button loading={busy === 'create'} onClick={() => run('create', () => call('backup.create', {}), (b) => message.success(`已备份：${b.at}`))}>
            立即备份
          </Button>
          <Button loading={busy === 'download'} onClick={() => run('download', () => call('backup.download', {}), (f) => saveFile(f))}>
            下载备份（存到U盘）
          </Button>
          <Upload
            accept=".sqlite,.db,.br"
            showUploadList={false}
            beforeUpload={(file) => {
              const askRestore = (): void =>
                void modal.confirm({
                  title: `用文件“${file.name}”恢复全部台账？`,
                  content: '恢复前会先自动备份当前数据；操作日志和志愿服务证明登记簿保留不变（证明编号不会回退）。',
                  okText: '恢复',
                  cancelText: '取消',
                  onOk: () =>
                    run(
                      'file',
                      () => fileBase64(file).then((base64) => call('backup.restoreFile', { fileName: file.name, base64 })),
                      (r) => message.success(`已恢复，页面数据已刷新。${r.kept}`, r.kept ? 8 : 3)
                    )
                })
              // a file that is plainly not a database is turned away before the clerk is asked to restore from it
              // (a compressed copy, .br, has no header to look at: main checks it once expanded, as it checks every file)
              void file
                .slice(0, 16)
                .arrayBuffer()
                .then((head) => {
                  if (/\.br$/i.test(file.name) || new TextDecoder('latin1').decode(head) === 'SQLite format 3\0') askRestore()
                  else message.error(`“${file.name}”不是红马甲的数据备份，没有恢复。请选择备份文件夹中的 .sqlite（或 .sqlite.br）文件，或用“下载备份”保存的文件。`)
                })
              return false
            }}
          >
            <Button loading={busy === 'file'}>从文件恢复</Button>
          </Upload>
        </Space>
      }
    >
      <Table<Backup>
        rowKey="name"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.backups}
        pagination={{ pageSize: 10, showTotal: (t) => `共 ${t} 个备份` }}
        locale={{ emptyText: '还没有备份' }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 180 },
          { title: '类型', dataIndex: 'reason', width: 120, render: (r: Backup['reason']) => <Tag>{REASONS[r]}</Tag> },
          { title: '大小', dataIndex: 'bytes', width: 100, render: formatBytes },
          {
            title: '操作',
            render: (_, b) => (
              <Popconfirm
                title={`恢复到 ${b.at} 的状态？`}
                description="恢复前会先自动备份当前数据；操作日志和志愿服务证明登记簿保留不变（证明编号不会回退）。"
                okText="恢复"
                cancelText="取消"
                onConfirm={() => run(b.name, () => call('backup.restore', { name: b.name }), (r) => message.success(`已恢复，页面数据已刷新。${r.kept}`, r.kept ? 8 : 3))}
              >
                <Button size="small" loading={busy === b.name}>
                  恢复
                </Button>
              </Popconfirm>
            )
          }
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        备份文件夹：{list.data?.dir}。保留最近7天的每日备份、最近4周每周一份、最近一次升级前的备份，以及撤销导入前、恢复前、手动备份合计最近2份。最新的一份是普通的数据库文件，较早的备份自动压缩保存（约为原大小的四分之一，文件名以 .br 结尾），从列表恢复时自动解压。
      </Typography.Paragraph>
    </Card>
  )
}
