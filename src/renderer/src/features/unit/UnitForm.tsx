import { DatePicker, Form, Input, Select } from 'antd'
import type { Dayjs } from 'dayjs'
import { useNavigate } from 'react-router'
import { UNIT_KINDS, type Input as In, type Unit } from '../../../../shared/api'
import { useCall } from '../../api'
import { CONTACT_PHONE_RULE, FormModal } from '../../components/FormModal'
import { CommunitySelect } from '../../components/RegisterSelect'
import { today } from '../../format'

type Values = Omit<In<'unit.create'>, 'reportedOn'> & { reportedOn?: Dayjs | null }

/** A unit's details; a new unit can report to (pair with) a community at once, later pairings are made on its page. */
export function UnitForm({ editing, onClose }: { editing: Unit | 'new' | null; onClose: () => void }) {
  const create = useCall('unit.create')
  const navigate = useNavigate()
  const update = useCall('unit.update')
  const isNew = editing === 'new'
  const initial: Partial<Values> =
    editing && editing !== 'new'
      ? { name: editing.name, kind: editing.kind, partyOrg: editing.partyOrg, contact: editing.contact, phone: editing.phone, note: editing.note }
      : { kind: '机关', reportedOn: today() }
  return (
    <FormModal<Values>
      title={isNew ? '新建报到单位' : '编辑报到单位'}
      open={!!editing}
      initialValues={initial}
      onClose={onClose}
      onSubmit={(v) => {
        const { reportedOn, communityId, ...fields } = v
        return editing && editing !== 'new'
          ? update.mutateAsync({ ...fields, id: editing.id })
          : create.mutateAsync({ ...fields, communityId: communityId ?? null, reportedOn: reportedOn?.format('YYYY-MM-DD') ?? '' }).then((u) => navigate(`/units/${u.id}`))
      }}
    >
      <Form.Item name="name" label="单位名称" rules={[{ required: true, whitespace: true, message: '请填写单位名称' }, { max: 60 }]}>
        <Input placeholder="如：佛山供电局" />
      </Form.Item>
      <Form.Item name="kind" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
        <Select options={UNIT_KINDS.map((k) => ({ label: k, value: k }))} />
      </Form.Item>
      <Form.Item name="partyOrg" label="党组织名称" rules={[{ max: 60 }]}>
        <Input placeholder="如：中共佛山供电局机关支部委员会" />
      </Form.Item>
      <div className="form-row">
        <Form.Item name="contact" label="联系人" rules={[{ max: 20 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label="联系电话" rules={[CONTACT_PHONE_RULE]}>
          <Input />
        </Form.Item>
      </div>
      {isNew && (
        <div className="form-row">
          <Form.Item name="communityId" label="结对村居（单位报到）">
            <CommunitySelect allowClear placeholder="暂不结对" />
          </Form.Item>
          <Form.Item name="reportedOn" label="报到日期">
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </div>
      )}
      {!isNew && <p className="muted">结对村居（单位报到）在单位页的“单位报到”中添加、更换或结束，历史记录保留。</p>}
      <Form.Item name="note" label="备注" rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  )
}
