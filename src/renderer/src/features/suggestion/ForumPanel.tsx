import { App, Button, Card, Form, Input, InputNumber, List, Modal, Select, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import type { Input as In, NeedDetail, Suggestion } from '../../../../shared/api'
import { ApiCallError, useApi, useCall } from '../../api'
import { FormModal } from '../../components/FormModal'
import { ClaimPanel } from '../claim/ClaimPanel'
import { NEED_STATUS_COLORS } from '../need/status'
import { useNeedCategories } from '../need/useNeedCategories'

/** A forum's suggestions (意见建议): record them, turn one into a need, and have it claimed before leaving the page. */
export function ForumPanel({ eventId, communityId }: { eventId: number; communityId: number }) {
  const list = useApi('suggestion.list', { eventId })
  const create = useCall('suggestion.create')
  const toNeed = useCall('suggestion.toNeed')
  const categories = useNeedCategories()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ text: string; memberId?: number; resident?: string }>()
  const [keyword, setKeyword] = useState('')
  const attendees = useApi('attendance.list', { eventId, keyword, pageSize: 50 })
  const neighbours = useApi('member.list', { communityId, keyword, pageSize: 20, status: '在册' })
  const came = attendees.data?.rows ?? []
  const others = (neighbours.data?.rows ?? []).filter((m) => !came.some((a) => a.memberId === m.id))
  // the chosen member keeps their name on screen after the search that found them changes
  const [chosen, setChosen] = useState<{ value: number; label: string } | null>(null)
  const listed = (id: number): boolean => came.some((a) => a.memberId === id) || others.some((m) => m.id === id)
  const memberOptions = [
    ...(chosen && !listed(chosen.value) ? [chosen] : []),
    ...(came.length ? [{ label: '参会党员', options: came.map((a) => ({ value: a.memberId, label: a.memberName })) }] : []),
    ...(others.length ? [{ label: '本村居其他党员', options: others.map((m) => ({ value: m.id, label: `${m.name} · ${m.unitName ?? '无单位'}` })) }] : [])
  ]
  const nobody =
    attendees.isFetching || neighbours.isFetching
      ? '查找中…'
      : keyword
        ? `参会党员和本村居在册党员中都没有“${keyword}”；群众提出的请在右边填写姓名`
        : '本次座谈会还没有签到，本村居也没有在册党员；群众提出的请在右边填写姓名'
  const [converting, setConverting] = useState<Suggestion | null>(null)
  const [claiming, setClaiming] = useState<NeedDetail | null>(null)

  const add = (v: { text: string; memberId?: number; resident?: string }): void => {
    create.mutateAsync({ eventId, text: v.text, memberId: v.memberId ?? null, resident: v.resident ?? '' }).then(
      () => {
        message.success('已记录意见建议')
        form.resetFields()
      },
      (e: ApiCallError) => message.error(e.message)
    )
  }

  return (
    <Card title="座谈会意见建议">
      <Form form={form} layout="inline" onFinish={add} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="text" rules={[{ required: true, whitespace: true, message: '请填写意见建议' }, { max: 500 }]} style={{ width: 420 }}>
          <Input placeholder="意见建议内容" aria-label="意见建议内容" />
        </Form.Item>
        <Form.Item name="memberId">
          <Select
            allowClear
            placeholder="提出的党员（参会者优先）"
            style={{ width: 220 }}
            popupMatchSelectWidth={320}
            showSearch={{ filterOption: false, onSearch: setKeyword }}
            onChange={(value: number | undefined, option) => setChosen(value && option && !Array.isArray(option) && 'label' in option ? { value, label: String(option.label) } : null)}
            options={memberOptions}
            notFoundContent={nobody}
            aria-label="提出的党员"
          />
        </Form.Item>
        <Form.Item name="resident">
          <Input placeholder="或群众姓名" style={{ width: 130 }} aria-label="提出的群众" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          记录
        </Button>
      </Form>
      <List<Suggestion>
        dataSource={list.data ?? []}
        locale={{ emptyText: '还没有记录意见建议' }}
        renderItem={(s) => (
          <List.Item
            actions={[
              s.needId ? (
                <Link key="need" to={`/needs/${s.needId}`}>
                  已转为项目“{s.needTitle}” <Tag color={NEED_STATUS_COLORS[s.needStatus ?? '']}>{s.needStatus}</Tag>
                </Link>
              ) : (
                <Button key="convert" size="small" onClick={() => setConverting(s)}>
                  转为服务清单项目
                </Button>
              )
            ]}
          >
            <List.Item.Meta title={s.text} description={`提出人：${s.memberName ?? s.resident}`} />
          </List.Item>
        )}
      />
      <FormModal<Omit<In<'suggestion.toNeed'>, 'id'>>
        title="转为服务清单项目（来源：座谈会提出）"
        open={!!converting}
        initialValues={{ title: converting?.text.slice(0, 40), places: 1, category: categories[0] }}
        onClose={() => setConverting(null)}
        onSubmit={(v) =>
          toNeed.mutateAsync({ ...v, id: converting!.id }).then((r) => {
            setClaiming(r.need)
            return r
          })
        }
      >
        <Typography.Paragraph type="secondary">{converting?.text}</Typography.Paragraph>
        <Form.Item name="title" label="项目名称" rules={[{ required: true, whitespace: true, message: '请填写项目名称' }, { max: 100 }]}>
          <Input />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="category" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
            <Select options={categories.map((c) => ({ label: c, value: c }))} />
          </Form.Item>
          <Form.Item name="places" label="需认领人数" rules={[{ required: true }]}>
            <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="skills" label="所需特长（选填）">
          <Select mode="tags" />
        </Form.Item>
      </FormModal>
      <Modal title={claiming ? `现场认领：${claiming.title}` : ''} open={!!claiming} onCancel={() => setClaiming(null)} footer={null} width={760} destroyOnHidden>
        {claiming && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <ClaimPanel need={claiming} onDone={() => setClaiming(null)} />
          </Space>
        )}
      </Modal>
    </Card>
  )
}
