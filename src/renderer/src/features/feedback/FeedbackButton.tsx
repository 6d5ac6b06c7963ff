import { Button, DatePicker, Form, Input, Radio } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { RATINGS, type Input as In } from '../../../../shared/api'
import { useCall } from '../../api'
import { FormModal, PHONE_RULE } from '../../components/FormModal'
import { today } from '../../format'

type Values = Omit<In<'feedback.create'>, 'date' | 'memberId' | 'eventId' | 'claimId'> & { date: Dayjs }

/** Records a resident's evaluation of one member's service, on an activity or a claim. */
export function FeedbackButton({ memberId, memberName, eventId, claimId }: { memberId: number; memberName: string; eventId?: number; claimId?: number }) {
  const [open, setOpen] = useState(false)
  const create = useCall('feedback.create')
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        评价
      </Button>
      <FormModal<Values>
        title={`记录群众对${memberName}的评价`}
        open={open}
        width={520}
        initialValues={{ rating: '满意', date: today() }}
        onClose={() => setOpen(false)}
        onSubmit={(v) => create.mutateAsync({ ...v, date: v.date.format('YYYY-MM-DD'), memberId, eventId: eventId ?? null, claimId: claimId ?? null })}
      >
        <Form.Item name="rating" label="评价" rules={[{ required: true }]}>
          <Radio.Group options={RATINGS.map((r) => ({ label: r, value: r }))} optionType="button" buttonStyle="solid" />
        </Form.Item>
        <Form.Item name="comment" label="群众意见" rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="date" label="评价日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="residentName" label="群众姓名（选填）" rules={[{ max: 30 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="residentPhone" label="群众电话（选填）" rules={[PHONE_RULE]}>
            <Input />
          </Form.Item>
        </div>
      </FormModal>
    </>
  )
}
