import { App, DatePicker, Form, Input, Radio, Select, Space, Switch } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { MEMBER_STATUSES, type Input as In } from '../../../../shared/api'
import { idCardProblem, normalizeIdCard } from '../../../../shared/text'
import { call, useCall } from '../../api'
import { FormModal, PHONE_RULE } from '../../components/FormModal'
import { CommunitySelect, UnitSelect } from '../../components/RegisterSelect'
import { today } from '../../format'

type Values = Omit<In<'member.create'>, 'registeredAt'> & { registeredAt: Dayjs | null; changedOn?: Dayjs }

const SKILL_SUGGESTIONS = ['法律咨询', '医疗护理', '心理疏导', '文艺宣传', '电脑维修', '家电维修', '教育辅导', '调解纠纷', '摄影', '驾驶', '书法', '外语', '财务', '水电维修']

const idCardRule = {
  validator: (_: unknown, v?: string) => {
    const p = v ? idCardProblem(normalizeIdCard(v)) : null
    return p ? Promise.reject(new Error(p)) : Promise.resolve()
  }
}

/** `editing` is a member id, 'new', or null when closed; `defaults` pre-fills a new member. */
export function MemberForm({ editing, defaults = {}, onClose }: { editing: number | 'new' | null; defaults?: Partial<Values>; onClose: () => void }) {
  const create = useCall('member.create')
  const navigate = useNavigate()
  const update = useCall('member.update')
  const { message } = App.useApp()
  const [initial, setInitial] = useState<Partial<Values> | null>(null)
  const [loadedFor, setLoadedFor] = useState<number | 'new' | null>(null)
  if (editing !== loadedFor) {
    setLoadedFor(editing)
    setInitial(null)
    if (editing === 'new') setInitial({ status: '在册', veteran: false, registeredAt: today(), skills: [], ...defaults })
    else if (editing !== null) {
      // an edit needs the full numbers: fetched on purpose for this one member
      Promise.all([call('member.get', { id: editing }), call('member.reveal', { id: editing })]).then(
        ([m, full]) => setInitial({ ...m, ...full, registeredAt: m.registeredAt ? dayjs(m.registeredAt) : null, changedOn: today() }),
        (e: Error) => {
          message.error(e.message)
          onClose()
        }
      )
    }
  }
  return (
    <FormModal<Values>
      title={editing === 'new' ? '新增在职党员' : '编辑在职党员'}
      open={editing !== null && initial !== null}
      initialValues={initial ?? {}}
      onClose={onClose}
      width={760}
      onSubmit={(v) => {
        const { changedOn, ...rest } = v
        const input = { ...rest, registeredAt: v.registeredAt?.format('YYYY-MM-DD') ?? '', unitId: v.unitId ?? null, idCard: v.idCard ?? '' }
        return typeof editing === 'number'
          ? update.mutateAsync({ ...input, id: editing, changedOn: changedOn?.format('YYYY-MM-DD') ?? '' })
          : create.mutateAsync(input).then((m) => navigate(`/members/${m.id}`))
      }}
    >
      <div className="form-row">
        <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 30 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="gender" label="性别">
          <Radio.Group options={['男', '女'].map((g) => ({ label: g, value: g }))} />
        </Form.Item>
        <Form.Item name="phone" label="手机号" rules={[{ required: true, message: '请填写手机号' }, PHONE_RULE]}>
          <Input inputMode="numeric" />
        </Form.Item>
      </div>
      <Form.Item name="idCard" label="身份证号（选填）" rules={[idCardRule]}>
        <Input placeholder="18位，末位可为X" />
      </Form.Item>
      <div className="form-row">
        <Form.Item name="unitId" label="工作单位">
          <UnitSelect allowClear placeholder="选择报到单位" />
        </Form.Item>
        <Form.Item name="position" label="职务" rules={[{ max: 30 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="branch" label="所在党支部" rules={[{ max: 60 }]}>
          <Input />
        </Form.Item>
      </div>
      <div className="form-row">
        <Form.Item name="communityId" label="居住村居（报到村居）" rules={[{ required: true, message: '请选择居住村居' }]}>
          <CommunitySelect />
        </Form.Item>
        <Form.Item name="estate" label="居住小区" rules={[{ max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="registeredAt"
          label="报到日期"
          dependencies={['status']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_: unknown, v: Dayjs | null) =>
                v || getFieldValue('status') === '未报到' ? Promise.resolve() : Promise.reject(new Error('请选择报到日期'))
            })
          ]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <Form.Item name="skills" label="特长（可多个）">
        <Select mode="tags" placeholder="输入后回车，或从建议中选择" options={SKILL_SUGGESTIONS.map((s) => ({ value: s, label: s }))} />
      </Form.Item>
      <Space size={48}>
        <Form.Item name="veteran" label="退役军人" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Radio.Group options={MEMBER_STATUSES.map((s) => ({ label: s, value: s }))} />
        </Form.Item>
      </Space>
      {typeof editing === 'number' && (
        <Form.Item
          name="changedOn"
          label="变动日期"
          extra="改为转出、换了居住村居或复报到时，从这一天起生效；此前各期的统计不变。"
          dependencies={['status', 'communityId']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_: unknown, v?: Dayjs) =>
                v || (getFieldValue('status') === initial?.status && getFieldValue('communityId') === initial?.communityId)
                  ? Promise.resolve()
                  : Promise.reject(new Error('请选择变动日期'))
            })
          ]}
        >
          <DatePicker style={{ width: 200 }} />
        </Form.Item>
      )}
      <Form.Item name="note" label="备注" rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  )
}
