import { ApartmentOutlined, AuditOutlined, BankOutlined, BarChartOutlined, CalendarOutlined, DashboardOutlined, ImportOutlined, ProfileOutlined, SettingOutlined, TeamOutlined, TrophyOutlined } from '@ant-design/icons'
import { Layout, Menu, Typography } from 'antd'
import { useEffect } from 'react'
import { Outlet, useLocation, useNavigate } from 'react-router'
import { useApi } from '../api'

const MENU = [
  { key: '/', icon: <DashboardOutlined />, label: '工作台' },
  { key: '/communities', icon: <ApartmentOutlined />, label: '村居' },
  { key: '/units', icon: <BankOutlined />, label: '报到单位' },
  { key: '/members', icon: <TeamOutlined />, label: '在职党员' },
  { key: '/events', icon: <CalendarOutlined />, label: '活动' },
  { key: '/needs', icon: <ProfileOutlined />, label: '服务清单' },
  { key: '/reports', icon: <BarChartOutlined />, label: '报表' },
  { key: '/assessment', icon: <TrophyOutlined />, label: '考核' },
  { key: '/imports', icon: <ImportOutlined />, label: '导入' },
  { key: '/audit', icon: <AuditOutlined />, label: '操作日志' },
  { key: '/settings', icon: <SettingOutlined />, label: '设置' }
]

/** The frame around every page: the menu on the left, the office's name on top, the page in the content area. */
export function AppLayout() {
  const navigate = useNavigate()
  const { pathname } = useLocation()
  const info = useApi('app.info', {})
  const org = info.data?.orgName
  useEffect(() => {
    document.title = org ? `${org} · 红马甲` : '红马甲 · 在职党员进社区服务台账'
  }, [org])
  const selected = MENU.filter((m) => m.key !== '/' && pathname.startsWith(m.key)).map((m) => m.key)
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} style={{ background: '#8f0f14' }}>
        <div className="brand">
          红马甲
          <small>{org || '在职党员进社区服务台账'}</small>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          style={{ background: 'transparent' }}
          selectedKeys={selected.length ? selected : pathname === '/' ? ['/'] : []}
          items={MENU}
          onClick={(e) => navigate(e.key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {org ? `${org} · ` : ''}在职党员进社区服务台账
          </Typography.Text>
          {info.data?.operator && <Typography.Text type="secondary" style={{ float: 'right' }}>操作员:{info.data.operator}</Typography.Text>}
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  )
}
