/**
 * The contract: every method as '<feature>.<verb>', its input schema (checked in main, whatever the
 * transport) and its output type. Each feature declares its own in `contract/<feature>.ts`; this file joins
 * them. Policies (read, write, backup first, logged after…) are declared with the names in `methods.ts`.
 */
import type { z } from 'zod'
import { appSchemas, type AppOutputs } from './contract/app'
import { attendanceSchemas, type AttendanceOutputs } from './contract/attendance'
import { auditSchemas, type AuditOutputs } from './contract/audit'
import { backupSchemas, type BackupOutputs } from './contract/backup'
import { claimSchemas, type ClaimOutputs } from './contract/claim'
import { communitySchemas, type CommunityOutputs } from './contract/community'
import { dashboardSchemas, type DashboardOutputs } from './contract/dashboard'
import { eventSchemas, type EventOutputs } from './contract/event'
import { expectedSchemas, type ExpectedOutputs } from './contract/expected'
import { feedbackSchemas, type FeedbackOutputs } from './contract/feedback'
import { importSchemas, type ImportOutputs } from './contract/import'
import { memberSchemas, type MemberOutputs } from './contract/member'
import { needSchemas, type NeedOutputs } from './contract/need'
import { reportSchemas, type ReportOutputs } from './contract/report'
import { suggestionSchemas, type SuggestionOutputs } from './contract/suggestion'
import { unitSchemas, type UnitOutputs } from './contract/unit'
import { assessmentSchemas, type AssessmentOutputs } from './contract/assessment'
import { unitFeedbackSchemas, type UnitFeedbackOutputs } from './contract/unitFeedback'
import type { Method, Progress } from './methods'

export { METHODS, POLICIES, IPC_CHANNEL, PROGRESS_CHANNEL } from './methods'
export type { Method, Policy, PolicyOf, Progress } from './methods'
export type { FileOut, Option, Page, RemoveResult } from './fields'
export type { MaskedIdCard, MaskedPhone } from './text'
export * from './contract/app'
export * from './contract/attendance'
export * from './contract/audit'
export * from './contract/backup'
export * from './contract/claim'
export * from './contract/community'
export * from './contract/dashboard'
export * from './contract/event'
export * from './contract/expected'
export * from './contract/feedback'
export * from './contract/import'
export * from './contract/member'
export * from './contract/need'
export * from './contract/report'
export * from './contract/suggestion'
export * from './contract/unit'
export * from './contract/assessment'
export * from './contract/unitFeedback'

export const schemas = {
  ...appSchemas,
  ...communitySchemas,
  ...unitSchemas,
  ...expectedSchemas,
  ...memberSchemas,
  ...eventSchemas,
  ...attendanceSchemas,
  ...importSchemas,
  ...needSchemas,
  ...claimSchemas,
  ...suggestionSchemas,
  ...feedbackSchemas,
  ...reportSchemas,
  ...dashboardSchemas,
  ...auditSchemas,
  ...backupSchemas,
  ...assessmentSchemas,
  ...unitFeedbackSchemas
} satisfies { [M in Method]: z.ZodType }

export interface Outputs
  extends AppOutputs, CommunityOutputs, UnitOutputs, ExpectedOutputs, MemberOutputs, EventOutputs, AttendanceOutputs, ImportOutputs, NeedOutputs,
    ClaimOutputs, SuggestionOutputs, FeedbackOutputs, ReportOutputs, DashboardOutputs, AuditOutputs, BackupOutputs, AssessmentOutputs,
    UnitFeedbackOutputs {}

// the schemas and outputs name exactly the methods of methods.ts: no more, no fewer
type Exactly<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : { extra: Exclude<A, B>; missing: Exclude<B, A> }
type Assert<T extends true> = T
export type SchemasMatchMethods = Assert<Exactly<keyof typeof schemas, Method>>
export type OutputsMatchMethods = Assert<Exactly<keyof Outputs, Method>>

export type Schemas = typeof schemas
export type Input<M extends Method> = z.input<Schemas[M]>
export type Parsed<M extends Method> = z.output<Schemas[M]>
export type Output<M extends Method> = Outputs[M]

export interface ApiError {
  code: 'invalid' | 'conflict' | 'not_found' | 'forbidden' | 'internal'
  message: string
  /** Per-field messages, keyed by the input's field name, so a form can show each on its field. */
  fields?: Record<string, string>
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError }

/** What both transports expose to the renderer: one function per method. */
export type Bridge = { [M in Method]: (input: Input<M>) => Promise<Result<Output<M>>> }

/** The desktop app's progress feed (browser mode uses server-sent events instead). */
export interface ProgressBridge {
  subscribe(onProgress: (p: Progress) => void): () => void
}
