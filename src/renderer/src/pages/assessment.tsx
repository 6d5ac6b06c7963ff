import { Button, Card, Space, Tabs } from 'antd'
import { useState } from 'react'
import { useParams } from 'react-router'
import { periodRange } from '../../../shared/api'
import { useApi } from '../api'
import { BackLink, DetailHeader } from '../components/DetailHeader'
import { AtRiskTab } from '../features/assessment/AtRiskTab'
import { CertificatesTab, IssueDialog } from '../features/assessment/CertificatesTab'
import { FeedbackTab } from '../features/assessment/FeedbackTab'
import { MemberAssessment } from '../features/assessment/MemberAssessment'
import { PeriodPicker } from '../features/assessment/PeriodPicker'
import { usePeriodParams } from '../features/assessment/period'
import { ResultsTab } from '../features/assessment/ResultsTab'
import { SchemeTab } from '../features/assessment/SchemeTab'

const TABS = ['results', 'atRisk', 'feedback', 'scheme', 'certificates'] as const
type Tab = (typeof TABS)[number]

/** 考核: a year's results by period, the at-risk list, feedback to units, the scheme, and the volunteer service certificates. */
export function AssessmentPage() {
  const { year, period, scheme, set, params } = usePeriodParams()
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'results'
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <h2 className="page-title" style={{ margin: 0 }}>
          考核
        </h2>
        {(tab === 'results' || tab === 'feedback' || tab === 'scheme') && <PeriodPicker year={year} period={period} scheme={scheme.data?.scheme} onChange={(p) => set(p)} />}
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k })}
        destroyOnHidden
        items={[
          { key: 'results', label: '考核结果', children: <ResultsTab year={year} period={period} /> },
          { key: 'atRisk', label: '预警名单', children: <AtRiskTab /> },
          { key: 'feedback', label: '反馈单位', children: <FeedbackTab year={year} period={period} /> },
          { key: 'scheme', label: '考核方案', children: <SchemeTab year={year} /> },
          { key: 'certificates', label: '志愿服务证明', children: <CertificatesTab /> }
        ]}
      />
    </Card>
  )
}

/** One member's 考核 page: every point traced to the record it came from. */
export function MemberAssessmentPage() {
  const id = Number(useParams().id)
  const { year, period, scheme, set } = usePeriodParams()
  const m = useApi('member.get', { id })
  const [issuing, setIssuing] = useState(false)
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <DetailHeader
          title={`${m.data?.name ?? ''} · 考核`}
          actions={
            <>
              <PeriodPicker year={year} period={period} scheme={scheme.data?.scheme} onChange={(p) => set(p)} />
              <Button onClick={() => setIssuing(true)}>出具志愿服务证明</Button>
            </>
          }
        />
      </Card>
      <MemberAssessment memberId={id} year={year} period={period} />
      <IssueDialog
        open={issuing}
        onClose={() => setIssuing(false)}
        memberIds={issuing ? [id] : undefined}
        names={m.data ? { [id]: m.data.name } : undefined}
        period={periodRange(year, period)}
      />
      <BackLink to={`/members/${id}`}>← 返回党员页面</BackLink>
    </Space>
  )
}
