import { DatePicker, Form, Input, InputNumber, Select, TimePicker } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useNavigate } from 'react-router'
import type { Event, Input as In } from '../../../../shared/api'
import { useCall } from '../../api'
import { FormModal } from '../../components/FormModal'
import { NeedSelect } from '../../components/NeedSelect'
import { CommunitySelect, UnitSelect } from '../../components/RegisterSelect'
import { useEventCategories } from './useEventCategories'
import { today } from '../../format'

/** Activities start and end on the hour or half hour, most in the morning: the picker opens at 08:00 in 30-minute steps. */
const TIME_PICKER = { format: 'HH:mm', minuteStep: 30, defaultOpenValue: dayjs('2000-01-01T08:00'), showNow: false, style: { width: '100%' } } as const

type Values = Omit<In<'event.create'>, 'date' | 'startTime' | 'endTime'> & { date: Dayjs; startTime?: Dayjs | null; endTime?: Dayjs | null }

export function EventForm({ editing, defaults = {}, onClose }: { editing: Event | 'new' | null; defaults?: { communityId?: number; unitId?: number }; onClose: () => void }) {
  const create = useCall('event.create')
  const navigate = useNavigate()
  const update = useCall('event.update')
  const categories = useEventCategories()
  const initial: Partial<Values> =
    editing && editing !== 'new'
      ? {
          ...editing,
          date: dayjs(editing.date),
          startTime: editing.startTime ? dayjs(`2000-01-01T${editing.startTime}`) : null,
          endTime: editing.endTime ? dayjs(`2000-01-01T${editing.endTime}`) : null
        }
      : { date: today(), plannedCount: 0, ...defaults }
  return (
    <FormModal<Values>
      title={editing === 'new' ? '新建活动' : '编辑活动'}
      open={!!editing}
      initialValues={initial}
      onClose={onClose}
      width={720}
      onSubmit={(v) => {
        const input = { ...v, unitId: v.unitId ?? null, date: v.date.format('YYYY-MM-DD'), startTime: v.startTime?.format('HH:mm') ?? '', endTime: v.endTime?.format('HH:mm') ?? '' }
        return editing && editing !== 'new' ? update.mutateAsync({ ...input, id: editing.id }) : create.mutateAsync(input).then((e) => navigate(`/events/${e.id}`))
      }}
    >
      <Form.Item name="title" label="活动名称" rules={[{ required: true, whitespace: true, message: '请填写活动名称' }, { max: 100 }]}>
        <Input placeholder="如：登革热防控清积水大行动" />
      </Form.Item>
      <div className="form-row">
        <Form.Item name="communityId" label="举办村居" rules={[{ required: true, message: '请选择举办村居' }]}>
          <CommunitySelect />
        </Form.Item>
        <Form.Item name="category" label="活动类别" rules={[{ required: true, message: '请选择活动类别' }]}>
          <Select options={categories.map((c) => ({ label: c, value: c }))} />
        </Form.Item>
      </div>
      <div className="form-row">
        <Form.Item name="date" label="活动日期" rules={[{ required: true, message: '请选择活动日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="startTime" label="开始时间">
          <TimePicker {...TIME_PICKER} />
        </Form.Item>
        <Form.Item
          name="endTime"
          label="结束时间"
          dependencies={['startTime']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, end?: Dayjs | null) => {
                const start = getFieldValue('startTime') as Dayjs | null
                return !end || !start || end.format('HH:mm') > start.format('HH:mm') ? Promise.resolve() : Promise.reject(new Error('结束时间应晚于开始时间'))
              }
            })
          ]}
        >
          <TimePicker {...TIME_PICKER} />
        </Form.Item>
      </div>
      <div className="form-row">
        <Form.Item name="place" label="地点" rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="organiser" label="组织者" rules={[{ max: 40 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="plannedCount" label="计划人数">
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <Form.Item name="unitId" label="组织单位（选填：由报到单位组织的活动，签到计入该单位）">
        <UnitSelect allowClear placeholder="不是单位组织的活动" />
      </Form.Item>
      <Form.Item name="needId" label="为哪个服务清单项目举办（选填）">
        <NeedSelect initial={editing && editing !== 'new' && editing.needId ? { id: editing.needId, title: editing.needTitle ?? '' } : null} />
      </Form.Item>
      <Form.Item name="description" label="活动内容" rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  )
}
