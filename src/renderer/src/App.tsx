import { HashRouter, Route, Routes } from 'react-router'
import { useAccessDenied } from './api'
import { AccessDenied } from './components/AccessDenied'
import { AppLayout } from './components/AppLayout'
import { AuditPage } from './pages/audit'
import { CommunitiesPage, CommunityPage } from './pages/communities'
import { EventPage, EventsPage } from './pages/events'
import { HomePage } from './pages/home'
import { ImportsPage, ImportWizard } from './pages/imports'
import { MemberPage, MembersPage } from './pages/members'
import { NeedPage, NeedsPage } from './pages/needs'
import { PrintCertificatePage, PrintEventPage, PrintReportPage } from './pages/print'
import { ReportsPage } from './pages/reports'
import { SettingsPage } from './pages/settings'
import { UnitPage, UnitsPage } from './pages/units'
import { AssessmentPage, MemberAssessmentPage } from './pages/assessment'

export function App() {
  const denied = useAccessDenied()
  if (denied) return <AccessDenied />
  return (
    <HashRouter>
      <Routes>
        <Route path="/print/event/:id" element={<PrintEventPage />} />
        <Route path="/print/report" element={<PrintReportPage />} />
        <Route path="/print/certificate" element={<PrintCertificatePage />} />
        <Route element={<AppLayout />}>
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
          <Route path="/assessment" element={<AssessmentPage />} />
          <Route path="/assessment/members/:id" element={<MemberAssessmentPage />} />
          <Route path="*" element={<HomePage />} />
        </Route>
      </Routes>
    </HashRouter>
  )
}
