import { ApartmentOutlined, AuditOutlined, BankOutlined, BarChartOutlined, CalendarOutlined, DashboardOutlined, ImportOutlined, ProfileOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons'
import { Layout, Menu, Typography } from 'antd'
import { useEffect } from 'react'
import { Route, Routes, useLocation, useNavigate } from 'react-router'
import { useApi } from '../api'
import { AuditPage } from '../pages/audit'
import { CommunitiesPage, CommunityPage } from '../pages/communities'
import { EventPage, EventsPage } from '../pages/events'
import { HomePage } from '../pages/home'
import { ImportsPage, ImportWizard } from '../pages/imports'
import { MemberPage, MembersPage } from '../pages/members'
import { NeedPage, NeedsPage } from '../pages/needs'
import { ReportsPage } from '../pages/reports'
import { SettingsPage } from '../pages/settings'
import { UnitPage, UnitsPage } from '../pages/units'

const MENU = [
  { key: '/', icon: <DashboardOutlined />, label: '工作台' },
  { key: '/communities', icon: <ApartmentOutlined />, label: '村居' },
  { key: '/units', icon: <BankOutlined />, label: '报到单位' },
  { key: '/members', icon: <TeamOutlined />, label: '在职党员' },
  { key: '/events', icon: <CalendarOutlined />, label: '活动' },
  { key: '/needs', icon: <ProfileOutlined />, label: '服务清单' },
  { key: '/reports', icon: <BarChartOutlined />, label: '报表' },
  { key: '/imports', icon: <ImportOutlined />, label: '导入' },
  { key: '/audit', icon: <AuditOutlined />, label: '操作日志' },
  { key: '/settings', icon: <SettingOutlined />, label: '设置' }
]

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
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/communities" element={<CommunitiesPage />} />
            <Route path="/communities/:id" element={<CommunityPage />} />
            <Route path="/units" element={<UnitsPage />} />
            <Route path="/units/:id" element={<UnitPage />} />
            <Route path="/members" element={<MembersPage />} />
            <Route path="/members/:id" element={<MemberPage />} />
            <Route path="/events" element={<EventsPage />} />
            <Route path="/events/:id" element={<EventPage />} />
            <Route path="/needs" element={<NeedsPage />} />
            <Route path="/needs/:id" element={<NeedPage />} />
            <Route path="/reports" element={<ReportsPage />} />
            <Route path="/imports" element={<ImportsPage />} />
            <Route path="/imports/new" element={<ImportWizard />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route path="/settings" element={<SettingsPage />} />
            <Route path="*" element={<HomePage />} />
          </Routes>
        </Layout.Content>
      </Layout>
    </Layout>
  )
}
