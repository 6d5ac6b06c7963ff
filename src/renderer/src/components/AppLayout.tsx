import { ApartmentOutlined, AuditOutlined, BankOutlined, BarChartOutlined, CalendarOutlined, DashboardOutlined, ImportOutlined, ProfileOutlined, SettingOutlined, TeamOutlined, TrophyOutlined } from '@ant-design/icons'
import { Layout, Menu, Typography } from 'antd'
import { useEffect } from 'react'
import { Outlet, useLocation, useNavigate, useNavigationType } from 'react-router'
import { useApi } from '../api'
import { TOP_BAR_HEIGHT } from './columns'
import { OperatorPrompt } from './OperatorPrompt'

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

const SIDER_WIDTH = 184

/**
 * The frame around every page: the menu fixed on the left, the office's name in a top bar that stays put,
 * and the page in the content area, which is what scrolls.
 */
export function AppLayout() {
  const navigate = useNavigate()
  const { pathname } = useLocation()
  const navigation = useNavigationType()
  const info = useApi('app.info', {})
  // a page opened from a link starts at its top, not at the scroll position of the list it was opened from;
  // Back (POP) is left to the browser, which returns to where the clerk was
  useEffect(() => {
    if (navigation !== 'POP') window.scrollTo(0, 0)
  }, [pathname, navigation])
  const org = info.data?.orgName
  useEffect(() => {
    document.title = org ? `${org} · 红马甲` : '红马甲 · 在职党员进社区服务台账'
  }, [org])
  const selected = MENU.filter((m) => m.key !== '/' && pathname.startsWith(m.key)).map((m) => m.key)
  return (
    <Layout hasSider className="app-frame">
      <Layout.Sider width={SIDER_WIDTH} className="app-sider">
        <div className="brand">
          红马甲
          <small>{org || '在职党员进社区服务台账'}</small>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          style={{ background: 'transparent', borderInlineEnd: 0 }}
          selectedKeys={selected.length ? selected : pathname === '/' ? ['/'] : []}
          items={MENU}
          onClick={(e) => navigate(e.key)}
        />
      </Layout.Sider>
      <Layout style={{ marginInlineStart: SIDER_WIDTH }}>
        <Layout.Header className="app-top" style={{ height: TOP_BAR_HEIGHT, lineHeight: `${TOP_BAR_HEIGHT}px` }}>
          <Typography.Text strong style={{ fontSize: 15 }} ellipsis>
            {org ? `${org} · ` : ''}在职党员进社区服务台账
          </Typography.Text>
          {info.data?.operator && <Typography.Text type="secondary" style={{ flex: 'none' }}>操作员：{info.data.operator}</Typography.Text>}
        </Layout.Header>
        <Layout.Content className="app-content">
          <OperatorPrompt />
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  )
}
