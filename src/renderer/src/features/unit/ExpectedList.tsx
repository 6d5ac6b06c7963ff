import { App, Button, Card, DatePicker, Form, Input, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { parsePeople, type ExpectedPerson } from '../../../../shared/api'
import { useApi, useCall } from '../../api'
import { FormModal } from '../../components/FormModal'
import { usePage } from '../../components/list'
import { today } from '../../format'

/** 应报到名单: who the unit says must report; 已报到 means registered (报到在册) on the date chosen. */
export function ExpectedList({ unitId }: { unitId: number }) {
  const [asOf, setAsOf] = useState(today())
  const { page, pagination } = usePage(20)
  const list = useApi('expected.list', { unitId, registeredOn: asOf.format('YYYY-MM-DD'), ...page })
  const add = useCall('expected.add')
  const remove = useCall('expected.remove')
  const { message } = App.useApp()
  const [adding, setAdding] = useState(false)
  const [text, setText] = useState('')
  const parsed = parsePeople(text)
  const d = list.data
  return (
    <Card
      title="应报到名单"
      size="small"
      extra={
        <Space>
          截至
          <DatePicker value={asOf} allowClear={false} onChange={(v) => v && setAsOf(v)} aria-label="应报到名单统计日期" />
          <Button onClick={() => setAdding(true)}>添加或更换名单</Button>
        </Space>
      }
    >
      <Typography.Paragraph>
        应报到 <b>{d?.expected ?? '…'}</b> 人，已报到 <b>{d?.registered ?? '…'}</b> 人，报到率{' '}
        <b>{d && d.expected ? ((d.registered / d.expected) * 100).toFixed(1) : '—'}%</b>（按手机号、身份证号或本单位内同名匹配党员，截至所选日期报到在册即为已报到）
      </Typography.Paragraph>
      <Table<ExpectedPerson>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={d?.rows}
        pagination={pagination(d?.total)}
        locale={{ emptyText: '还没有应报到名单。可以从单位发来的名册中复制“姓名、手机号”两列粘贴进来。' }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 100 },
          { title: '手机号', dataIndex: 'phone', width: 140, render: (v: string) => v || '—' },
          {
            title: '报到情况',
            key: 'state',
            render: (_, p) =>
              p.memberId ? (
                <Link to={`/members/${p.memberId}`}>
                  <Tag color="green">已报到</Tag>
                  {p.communityName}
                </Link>
              ) : (
                <Tag color="orange">未报到</Tag>
              )
          },
          { title: '备注', dataIndex: 'note', ellipsis: true },
          {
            title: '',
            key: 'remove',
            width: 80,
            render: (_, p) => (
              <Popconfirm title={`从名单中移除“${p.name}”？`} okText="移除" cancelText="取消" onConfirm={() => remove.mutateAsync({ ids: [p.id] }).catch((e: Error) => message.error(e.message))}>
                <Button size="small" type="link" danger>
                  移除
                </Button>
              </Popconfirm>
            )
          }
        ]}
      />
      <FormModal<{ replace: boolean; source: string }>
        title="添加应报到名单"
        open={adding}
        initialValues={{ replace: false, source: '' }}
        onClose={() => {
          setAdding(false)
          setText('')
        }}
        width={640}
        onSubmit={(v) =>
          parsed.people.length
            ? add.mutateAsync({ unitId, people: parsed.people, replace: v.replace, source: v.source }).then((r) => {
                message.success(`已添加 ${r.added} 人${r.removed ? `，移除原名单 ${r.removed} 人` : ''}${r.skipped ? `，${r.skipped} 人已在名单中` : ''}。`)
                setText('')
              })
            : Promise.reject(new Error('没有读到姓名，请每行填写一人：姓名 手机号（或身份证号）。'))
        }
      >
        <Form.Item label="名单（每行一人：姓名、手机号或身份证号；可直接从Excel复制粘贴）">
          <Input.TextArea rows={8} value={text} onChange={(e) => setText(e.target.value)} placeholder={'张三\t13800138000\n李四\t13900139000'} />
        </Form.Item>
        <Typography.Paragraph type={parsed.problems.length ? 'warning' : 'secondary'}>
          读到 {parsed.people.length} 人{parsed.problems.length ? `;${parsed.problems.length} 行没有姓名，不会添加：${parsed.problems.slice(0, 3).join(';')}` : ''}
        </Typography.Paragraph>
        <Form.Item name="source" label="来源（选填）">
          <Input placeholder="例如：2026年第一季度单位报送" maxLength={100} />
        </Form.Item>
        <Form.Item name="replace" label="用这份名单替换原名单" valuePropName="checked">
          <Switch checkedChildren="替换" unCheckedChildren="添加" />
        </Form.Item>
      </FormModal>
    </Card>
  )
}
