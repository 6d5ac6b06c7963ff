import { App, Button, Card, Descriptions, Form, Input, Select, Space, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import type { Input as In } from '../../../shared/api'
import { useApi, useCall } from '../api'
import { showSaveError } from '../components/list'
import { formatBytes } from '../format'

export function SettingsPage() {
  const info = useApi('app.info', {})
  const save = useCall('settings.update')
  const [form] = Form.useForm<In<'settings.update'>>()
  const { message } = App.useApp()
  const d = info.data
  useEffect(() => {
    if (d) form.setFieldsValue({ orgName: d.orgName, operator: d.operator })
  }, [d, form])
  const submit = (v: In<'settings.update'>): void => {
    save.mutateAsync(v).then(() => message.success('设置已保存'), (e) => showSaveError(form, e, message.error))
  }
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 900 }}>
      <Card title="基本信息">
        <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 480 }}>
          <Form.Item name="orgName" label="单位名称(用于页面标题和导出的报表)" rules={[{ required: true, whitespace: true, message: '请填写单位名称' }, { max: 50 }]}>
            <Input placeholder="如:石湾镇街道" />
          </Form.Item>
          <Form.Item name="operator" label="操作员姓名" rules={[{ max: 20 }]}>
            <Input placeholder="记录谁做了修改" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存
          </Button>
        </Form>
      </Card>
      <NeedCategoriesCard categories={d?.needCategories ?? []} />
      <Card title="数据文件">
        {d && (
          <Descriptions
            column={1}
            items={[
              { label: '数据库文件', children: <Typography.Text copyable code>{d.dbPath}</Typography.Text> },
              { label: '大小', children: formatBytes(d.dbBytes) },
              { label: '数据版本', children: `第 ${d.schemaVersion} 版` },
              { label: '活动类别', children: d.eventCategories.map((c) => <Tag key={c}>{c}</Tag>) }
            ]}
          />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          全部台账都保存在上面这个文件里。备份时请先关闭红马甲,再把该文件所在的整个文件夹复制到U盘或其他电脑。
        </Typography.Paragraph>
      </Card>
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
        删去的类别不影响已登记的项目,只是新建项目时不再出现。
      </Typography.Paragraph>
    </Card>
  )
}
