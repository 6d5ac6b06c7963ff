import { DatePicker, Form, Input, InputNumber, Select } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useNavigate } from 'react-router'
import { NEED_SOURCES, type Input as In, type Need } from '../../../../shared/api'
import { useCall } from '../../api'
import { FormModal } from '../../components/FormModal'
import { CommunitySelect } from '../../components/RegisterSelect'
import { useNeedCategories } from './useNeedCategories'

type Values = Omit<In<'need.create'>, 'periodStart' | 'periodEnd'> & { period?: [Dayjs | null, Dayjs | null] | null }

export function NeedForm({ editing, defaults = {}, onClose }: { editing: Need | 'new' | null; defaults?: { communityId?: number }; onClose: () => void }) {
  const create = useCall('need.create')
  const navigate = useNavigate()
  const update = useCall('need.update')
  const categories = useNeedCategories()
  const initial: Partial<Values> =
    editing && editing !== 'new'
      ? { ...editing, period: [editing.periodStart ? dayjs(editing.periodStart) : null, editing.periodEnd ? dayjs(editing.periodEnd) : null] }
      : { places: 1, source: '社区列出', skills: [], ...defaults }
  return (
    <FormModal<Values>
      title={editing === 'new' ? '新建服务清单项目' : '编辑服务清单项目'}
      open={!!editing}
      initialValues={initial}
      onClose={onClose}
      width={720}
      onSubmit={({ period, ...v }) => {
        const input = { ...v, periodStart: period?.[0]?.format('YYYY-MM-DD') ?? '', periodEnd: period?.[1]?.format('YYYY-MM-DD') ?? '' }
        return editing && editing !== 'new' ? update.mutateAsync({ ...input, id: editing.id }) : create.mutateAsync(input).then((n) => navigate(`/needs/${n.id}`))
      }}
    >
      <Form.Item name="title" label="项目名称" rules={[{ required: true, whitespace: true, message: '请填写项目名称' }, { max: 100 }]}>
        <Input placeholder="如：3栋加装电梯协调" />
      </Form.Item>
      <div className="form-row">
        <Form.Item name="communityId" label="村居" rules={[{ required: true, message: '请选择村居' }]}>
          <CommunitySelect />
        </Form.Item>
        <Form.Item name="category" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
          <Select options={categories.map((c) => ({ label: c, value: c }))} />
        </Form.Item>
      </div>
      <div className="form-row">
        <Form.Item name="places" label="需认领人数" rules={[{ required: true, message: '请填写需认领人数' }]}>
          <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="source" label="来源">
          <Select options={NEED_SOURCES.map((s) => ({ label: s, value: s }))} />
        </Form.Item>
        <Form.Item name="period" label="服务期限（选填）">
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <Form.Item name="skills" label="所需特长（选填，用于推荐党员）">
        <Select mode="tags" placeholder="输入后回车" />
      </Form.Item>
      <Form.Item name="description" label="项目内容" rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  )
}
