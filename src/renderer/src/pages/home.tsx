import { DatabaseOutlined } from '@ant-design/icons'
import { App, Button, Card, Col, Result, Row, Space, Statistic, Typography } from 'antd'
import { useNavigate } from 'react-router'
import { ApiCallError, useApi, useCall } from '../api'

export function HomePage() {
  const info = useApi('app.info', {})
  const demo = useCall('demo.load')
  const navigate = useNavigate()
  const { message, modal } = App.useApp()
  const c = info.data?.counts
  if (!c) return <Card loading />
  const empty = c.communities + c.units + c.members + c.events === 0
  if (empty) {
    return (
      <Card>
        <Result
          icon={<DatabaseOutlined style={{ color: '#c8161d' }} />}
          title="台账还是空的"
          subTitle="可以从录入村居开始,也可以先加载一套演示数据(虚构的石湾街道:39个村居、约150个单位、9741名党员、60余场活动)熟悉功能。"
          extra={
            <Space>
              <Button type="primary" onClick={() => navigate('/communities')}>
                从录入村居开始
              </Button>
              <Button
                loading={demo.isPending}
                onClick={() =>
                  modal.confirm({
                    title: '加载演示数据?',
                    content: '演示数据中的人名、单位和号码均为虚构。加载后如要录入真实台账,请换用新的数据文件夹。',
                    okText: '加载',
                    cancelText: '取消',
                    onOk: () =>
                      demo.mutateAsync({}).then(
                        (n) => message.success(`已加载演示数据:${n.communities} 个村居、${n.members} 名党员、${n.events} 场活动`),
                        (e: ApiCallError) => message.error(e.message)
                      )
                  })
                }
              >
                加载演示数据
              </Button>
            </Space>
          }
        />
      </Card>
    )
  }
  const stats: Array<[string, number, string, string]> = [
    ['村居', c.communities, '个', '/communities'],
    ['报到单位', c.units, '个', '/units'],
    ['在册党员', c.members, '人', '/members'],
    ['志愿服务活动', c.events, '场', '/events'],
    ['签到', c.attendance, '人次', '/events']
  ]
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {info.data?.orgName || '本街道'}在职党员进社区概况
      </Typography.Title>
      <Row gutter={16}>
        {stats.map(([title, value, suffix, to]) => (
          <Col key={title} flex="1">
            <Card hoverable onClick={() => navigate(to)}>
              <Statistic title={title} value={value} suffix={suffix} />
            </Card>
          </Col>
        ))}
      </Row>
    </Space>
  )
}
