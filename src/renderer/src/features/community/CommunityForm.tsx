import { Form, Input, Radio } from 'antd'
import { useNavigate } from 'react-router'
import { COMMUNITY_KINDS, type Community, type Input as In } from '../../../../shared/api'
import { useCall } from '../../api'
import { CONTACT_PHONE_RULE, FormModal } from '../../components/FormModal'

type Values = In<'community.create'>

export function CommunityForm({ editing, onClose }: { editing: Community | 'new' | null; onClose: () => void }) {
  const create = useCall('community.create')
  const navigate = useNavigate()
  const update = useCall('community.update')
  const initial = editing && editing !== 'new' ? editing : { kind: '社区' as const }
  return (
    <FormModal<Values>
      title={editing === 'new' ? '新建村居' : '编辑村居'}
      open={!!editing}
      initialValues={initial}
      onClose={onClose}
      onSubmit={(v) => (editing && editing !== 'new' ? update.mutateAsync({ ...v, id: editing.id }) : create.mutateAsync(v).then((c) => navigate(`/communities/${c.id}`)))}
    >
      <Form.Item name="name" label="村居名称" rules={[{ required: true, whitespace: true, message: '请填写村居名称' }, { max: 40 }]}>
        <Input placeholder="如：丽豪社区" />
      </Form.Item>
      <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
        <Radio.Group options={COMMUNITY_KINDS.map((k) => ({ label: k, value: k }))} />
      </Form.Item>
      <div className="form-row">
        <Form.Item name="secretary" label="党组织书记" rules={[{ max: 20 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label="联系电话" rules={[CONTACT_PHONE_RULE]}>
          <Input placeholder="0757-82701234" />
        </Form.Item>
      </div>
      <Form.Item name="address" label="地址" rules={[{ max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="note" label="备注" rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  )
}
