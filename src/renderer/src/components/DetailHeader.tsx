import { Space, Typography } from 'antd'
import { Link } from 'react-router'

/** The top of a detail page: the record's name and tags on the left, what can be done to it on the right. */
export function DetailHeader({ title, tags, actions }: { title: React.ReactNode; tags?: React.ReactNode; actions: React.ReactNode }) {
  return (
    <Space style={{ width: '100%', justifyContent: 'space-between' }}>
      <h2 className="page-title">
        {title} {tags}
      </h2>
      <Space>{actions}</Space>
    </Space>
  )
}

export function BackLink({ to, children }: { to: string; children: React.ReactNode }) {
  return (
    <Typography.Text type="secondary">
      <Link to={to}>{children}</Link>
    </Typography.Text>
  )
}
