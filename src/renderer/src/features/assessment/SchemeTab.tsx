import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Table, Typography } from 'antd'
import { useEffect } from 'react'
import { MINIMUM_WINDOWS, SCHEME_PRESETS, TIE_RULES, WINDOW_LABELS, type Scheme, type SchemeVersionInfo } from '../../../../shared/api'
import { ApiCallError, useApi, useCall } from '../../api'
import { formatDateTime } from '../../format'

type Values = Scheme & { note?: string }

/** Form values back to the scheme's shape: an emptied number is "none" (null) where a limit may be absent, else 0. */
function toScheme(v: Values): Scheme {
  const n = (x: number | null | undefined): number => x ?? 0
  const opt = (x: number | null | undefined): number | null => (x === undefined || x === null ? null : x)
  return {
    name: v.name ?? '',
    description: v.description ?? '',
    period: v.period,
    minDays: n(v.minDays),
    base: n(v.base),
    minimums: (v.minimums ?? []).map((m) => ({ per: m.per, activities: n(m.activities), hours: n(m.hours) })),
    rereportEachHalf: !!v.rereportEachHalf,
    activity: { points: n(v.activity?.points), byCategory: (v.activity?.byCategory ?? []).map((c) => ({ category: c.category, points: n(c.points) })), cap: opt(v.activity?.cap) },
    hours: {
      step: v.hours?.step ?? 0.5,
      mode: v.hours?.mode ?? 'nearest',
      perHour: n(v.hours?.perHour),
      capPerActivity: opt(v.hours?.capPerActivity),
      includeClaims: !!v.hours?.includeClaims,
      capPerClaim: opt(v.hours?.capPerClaim)
    },
    claim: { points: n(v.claim?.points), countsAsActivity: !!v.claim?.countsAsActivity },
    suggestion: n(v.suggestion),
    evaluation: { 满意: n(v.evaluation?.满意), 基本满意: n(v.evaluation?.基本满意), 不满意: n(v.evaluation?.不满意) },
    totalCap: opt(v.totalCap),
    grading: {
      method: v.grading.method,
      levels: (v.grading.levels ?? []).map((l) => ({ name: l.name, min: v.grading.method === 'thresholds' ? opt(l.min) : null, share: v.grading.method === 'distribution' ? opt(l.share) : null })),
      pool: v.grading.pool ?? 'all',
      tie: v.grading.tie ?? 'higher'
    },
    caps: (v.caps ?? []).map((c) => ({ when: c.when, atMost: c.atMost })),
    unitRule: { minRegistrationRate: opt(v.unitRule?.minRegistrationRate), minCompletionRate: opt(v.unitRule?.minCompletionRate) }
  }
}

/** 考核方案: the year's scheme as a form; each save is a new version, and results say which version they used. */
export function SchemeTab({ year }: { year: number }) {
  const { message } = App.useApp()
  const info = useApi('assessment.scheme', { year })
  const app = useApi('app.info', {})
  const save = useCall('assessment.saveScheme')
  const [form] = Form.useForm<Values>()
  const method = Form.useWatch(['grading', 'method'], form)
  const levels = (Form.useWatch(['grading', 'levels'], form) ?? []) as Scheme['grading']['levels']
  const rereport = Form.useWatch('rereportEachHalf', form)
  const d = info.data
  useEffect(() => {
    if (d) form.setFieldsValue({ ...d.scheme, note: '' })
  }, [d, form])

  const submit = async (): Promise<void> => {
    const v = await form.validateFields().catch(() => null)
    if (!v) return
    try {
      const out = await save.mutateAsync({ year, scheme: toScheme(v), note: v.note ?? '' })
      message.success(`已保存为第 ${out.version} 版`)
    } catch (e) {
      const err = e instanceof ApiCallError ? e.error : { message: (e as Error).message, fields: undefined }
      form.setFields(
        Object.entries(err.fields ?? {})
          .filter(([k]) => k.startsWith('scheme.') || k === 'note')
          .map(([k, msg]) => ({ name: k.replace(/^scheme\./, '').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) as never, errors: [msg] }))
      )
      message.error(err.message)
    }
  }

  const gradeNames = levels.map((l) => l?.name).filter(Boolean)
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text>
          {d ? (d.version ? `${year}年方案当前为第 ${d.version} 版。` : `${year}年尚未保存方案，下面是默认方案；保存后成为第 1 版。`) : ''}
          每次保存都成为新的版本；已确认的考核结果仍按确认时的版本，不受影响。
        </Typography.Text>
        <Space>
          <Select
            aria-label="从模板开始"
            placeholder="从模板开始…"
            style={{ width: 340 }}
            value={null}
            options={SCHEME_PRESETS.map((p) => ({ value: p.key, label: p.label }))}
            onChange={(key) => {
              const p = SCHEME_PRESETS.find((x) => x.key === key)
              if (p) form.setFieldsValue({ ...p.make(year), note: `按模板"${p.label.split(':')[0]}"` })
            }}
          />
          <Button onClick={() => d && form.setFieldsValue({ ...d.scheme, note: '' })}>撤销修改</Button>
          <Button type="primary" loading={save.isPending} onClick={submit}>
            保存为新版本
          </Button>
        </Space>
      </Space>
      <Form form={form} layout="vertical" requiredMark={false} disabled={!d}>
        <Card title="基本">
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="name" label="方案名称" rules={[{ required: true, whitespace: true, message: '请填写方案名称' }]}>
                <Input maxLength={60} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="period" label="考核周期">
                <Radio.Group options={[{ value: 'year', label: '全年' }, { value: 'halves', label: '每半年' }]} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="minDays" label="报到不足多少天不参评">
                <InputNumber min={0} max={366} suffix="天" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label="方案说明（印在导出的名单上，供核对）">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Card>
        <Card title="最低要求" style={{ marginTop: 16 }}>
          <Form.List name="minimums">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'per']} label="周期">
                      <Select style={{ width: 130 }} options={MINIMUM_WINDOWS.map((w) => ({ value: w, label: WINDOW_LABELS[w] }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'activities']} label="至少参加活动">
                      <InputNumber min={0} suffix="次" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'hours']} label="至少服务时长">
                      <InputNumber min={0} suffix="小时" />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} aria-label="删除这条最低要求" onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ per: 'period', activities: 0, hours: 0 })}>
                  添加最低要求
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item name="rereportEachHalf" label="每半年须复报到" valuePropName="checked" style={{ marginTop: 16 }}>
            <Switch />
          </Form.Item>
          {rereport && <Alert type="info" showIcon title={d?.rereportDefinition} />}
        </Card>
        <Card title="计分" style={{ marginTop: 16 }}>
          <Space wrap size={16}>
            <Form.Item name="base" label="基础分">
              <InputNumber suffix="分" />
            </Form.Item>
            <Form.Item name={['activity', 'points']} label="每次活动">
              <InputNumber suffix="分" />
            </Form.Item>
            <Form.Item name={['activity', 'cap']} label="单次活动最高（空=不限）">
              <InputNumber min={0} suffix="分" />
            </Form.Item>
            <Form.Item name={['hours', 'perHour']} label="每小时">
              <InputNumber suffix="分" />
            </Form.Item>
            <Form.Item name={['hours', 'step']} label="时长取整">
              <Select style={{ width: 120 }} options={[{ value: 0, label: '不取整' }, { value: 0.25, label: '0.25 小时' }, { value: 0.5, label: '0.5 小时' }, { value: 1, label: '1 小时' }]} />
            </Form.Item>
            <Form.Item name={['hours', 'mode']} label="取整方式">
              <Select style={{ width: 120 }} options={[{ value: 'nearest', label: '四舍五入' }, { value: 'down', label: '向下取整' }, { value: 'up', label: '向上取整' }]} />
            </Form.Item>
            <Form.Item name={['hours', 'capPerActivity']} label="单次活动最多计（空=不限）">
              <InputNumber min={0} max={24} suffix="小时" />
            </Form.Item>
          </Space>
          <Form.List name={['activity', 'byCategory']}>
            {(fields, { add, remove }) => (
              <div>
                <Typography.Text type="secondary">按活动类别另定分值（未列出的类别按"每次活动"计）：</Typography.Text>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'category']} rules={[{ required: true, message: '请选择类别' }]}>
                      <Select style={{ width: 160 }} placeholder="活动类别" options={(app.data?.eventCategories ?? []).map((c) => ({ value: c, label: c }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'points']}>
                      <InputNumber suffix="分" />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} aria-label="删除该类别分值" onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button size="small" icon={<PlusOutlined />} onClick={() => add({ points: 0 })} style={{ marginLeft: 8 }}>
                  添加类别
                </Button>
              </div>
            )}
          </Form.List>
          <Space wrap size={16} style={{ marginTop: 16 }}>
            <Form.Item name={['claim', 'points']} label="每项完成的认领">
              <InputNumber suffix="分" />
            </Form.Item>
            <Form.Item name={['hours', 'includeClaims']} label="认领时长计入时长和时长分" valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name={['hours', 'capPerClaim']} label="单项认领最多计（空=不限）">
              <InputNumber min={0} suffix="小时" />
            </Form.Item>
            <Form.Item name={['claim', 'countsAsActivity']} label="完成的认领算一次活动" valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="suggestion" label="座谈会建议被采纳">
              <InputNumber suffix="分" />
            </Form.Item>
            <Form.Item name={['evaluation', '满意']} label="群众评价 满意">
              <InputNumber suffix="分" />
            </Form.Item>
            <Form.Item name={['evaluation', '基本满意']} label="基本满意">
              <InputNumber suffix="分" />
            </Form.Item>
            <Form.Item name={['evaluation', '不满意']} label="不满意">
              <InputNumber suffix="分" />
            </Form.Item>
            <Form.Item name="totalCap" label="总分上限（空=不设上限）">
              <InputNumber min={0} suffix="分" />
            </Form.Item>
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            只计报到在册期间的服务；最低要求中的时长按计入时长（取整、单次上限之后）计算。工作人员登记的加减分在党员的考核页填写，须写明理由。
          </Typography.Paragraph>
        </Card>
        <Card title="等次评定" style={{ marginTop: 16 }}>
          <Space wrap size={16}>
            <Form.Item name={['grading', 'method']} label="评定方式">
              <Radio.Group options={[{ value: 'thresholds', label: '按分数线' }, { value: 'distribution', label: '按比例' }]} />
            </Form.Item>
            {method === 'distribution' && (
              <>
                <Form.Item name={['grading', 'pool']} label="排名范围">
                  <Select style={{ width: 140 }} options={[{ value: 'all', label: '全部党员' }, { value: 'community', label: '各村居内' }, { value: 'unit', label: '各单位内' }]} />
                </Form.Item>
                <Form.Item name={['grading', 'tie']} label="同分规则">
                  <Select style={{ width: 160 }} options={Object.entries(TIE_RULES).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
              </>
            )}
          </Space>
          <Form.List name={['grading', 'levels']}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Typography.Text type="secondary" style={{ width: 40 }}>
                      第{i + 1}档
                    </Typography.Text>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '请填写等次名称' }]}>
                      <Input placeholder="等次名称" style={{ width: 120 }} maxLength={10} />
                    </Form.Item>
                    {method === 'distribution' ? (
                      <Form.Item name={[f.name, 'share']}>
                        <InputNumber min={0} max={100} suffix="%" placeholder="比例" />
                      </Form.Item>
                    ) : i < fields.length - 1 ? (
                      <Form.Item name={[f.name, 'min']}>
                        <InputNumber placeholder="分数线" prefix="≥" suffix="分" />
                      </Form.Item>
                    ) : (
                      <Typography.Text type="secondary">其余分数</Typography.Text>
                    )}
                    <Button icon={<DeleteOutlined />} aria-label="删除该等次" disabled={fields.length <= 2} onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Form.ErrorList errors={errors} />
                <Button size="small" icon={<PlusOutlined />} disabled={fields.length >= 8} onClick={() => add({ name: '', min: null, share: null }, Math.max(fields.length - 1, 0))}>
                  添加等次
                </Button>
              </>
            )}
          </Form.List>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            {method === 'distribution'
              ? '按比例：按得分排名，第 k 档取到累计比例 × 参评人数（四舍五入）为止；同分的人评同一等次。封顶规则在按比例评定之后执行，名额不递补。'
              : '按分数线：从上往下，达到哪一档的分数线即评为该档；最后一档为其余所有分数。'}
          </Typography.Paragraph>
          <Form.List name="caps">
            {(fields, { add, remove }) => (
              <div>
                <Typography.Text strong>封顶规则（无论得分多少，最高只能评为）：</Typography.Text>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex', marginTop: 8 }}>
                    <Form.Item name={[f.name, 'when']}>
                      <Select style={{ width: 170 }} options={[{ value: 'minimum', label: '未达最低要求的' }, { value: 'rereport', label: '半年内未复报到的' }]} />
                    </Form.Item>
                    <Typography.Text>最高评为</Typography.Text>
                    <Form.Item name={[f.name, 'atMost']} rules={[{ required: true, message: '请选择等次' }]}>
                      <Select style={{ width: 130 }} options={gradeNames.map((g) => ({ value: g, label: g }))} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} aria-label="删除该封顶规则" onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button size="small" icon={<PlusOutlined />} style={{ marginLeft: 8 }} onClick={() => add({ when: 'minimum', atMost: gradeNames[gradeNames.length - 2] })}>
                  添加封顶规则
                </Button>
              </div>
            )}
          </Form.List>
          <Space wrap size={16} style={{ marginTop: 16 }}>
            <Form.Item name={['unitRule', 'minRegistrationRate']} label="单位报到率低于（空=不要求）取消考核资格">
              <InputNumber min={0} max={100} suffix="%" />
            </Form.Item>
            <Form.Item name={['unitRule', 'minCompletionRate']} label="单位服务完成率低于（空=不要求）取消考核资格">
              <InputNumber min={0} max={100} suffix="%" />
            </Form.Item>
          </Space>
        </Card>
        <Card style={{ marginTop: 16 }}>
          <Form.Item name="note" label="修改说明（记入版本记录和操作日志）">
            <Input maxLength={200} placeholder="如：按区委组织部2026年1号文调整分数线" />
          </Form.Item>
          <Button type="primary" loading={save.isPending} onClick={submit}>
            保存为新版本
          </Button>
        </Card>
      </Form>
      <Card title="版本记录">
        <Table<SchemeVersionInfo>
          rowKey="id"
          size="small"
          dataSource={d?.versions}
          pagination={false}
          locale={{ emptyText: '尚未保存过方案' }}
          columns={[
            { title: '版本', dataIndex: 'version', width: 70, render: (v) => `第 ${v} 版` },
            { title: '保存时间', dataIndex: 'createdAt', width: 170, render: formatDateTime },
            { title: '操作员', dataIndex: 'operator', width: 100 },
            { title: '修改说明', dataIndex: 'note' },
            { title: '已确认的考核期', dataIndex: 'usedBy', width: 130, render: (n: number) => (n ? `${n} 期` : '—') }
          ]}
        />
      </Card>
    </Space>
  )
}
