import { LockOutlined } from '@ant-design/icons'
import { Result, Typography } from 'antd'

/** Browser mode opened without the run's token (or with an old one): what to do, in place of the whole app. */
export function AccessDenied() {
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5' }}>
      <Result
        icon={<LockOutlined style={{ color: '#c8161d' }} />}
        title={<h1 style={{ fontSize: 24, margin: 0 }}>访问令牌无效或已过期</h1>}
        subTitle={
          <Typography.Paragraph style={{ fontSize: 15, maxWidth: 560, margin: '8px auto 0' }}>
            请使用启动红马甲时命令行打印的完整地址（以 #/?token= 结尾）重新打开；每次启动令牌都会改变。
          </Typography.Paragraph>
        }
      />
    </div>
  )
}
