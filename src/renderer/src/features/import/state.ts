/** The import wizard's steps as one state: which step it is on decides what else there is to know. */
import type {
  ImportBatch,
  ImportField,
  ImportLeftOut,
  ImportPreview,
  ImportRowInput,
  ImportSummary,
  ImportTarget,
  Progress,
  RowOutcome
} from '../../../../shared/api'

/** A picked file, as sent to main. */
export type ChosenFile = { name: string; base64: string }

type Mapping = Array<ImportField | null>

/**
 * How to read a file (again, when the guessed sheet, header row or column mapping was wrong): the sheet shown,
 * other sheets taken with it, each sheet's header row (-1: no header) and mapping, and whether each sheet is
 * its own activity.
 */
export type ReadOptions = {
  sheet?: number
  /** for the sheet shown when none was chosen yet (a file whose header was not found) */
  headerRow?: number
  sheets?: number[]
  overrides?: Array<{ sheet: number; headerRow?: number; mapping?: Mapping }>
  bySheet?: { communityId?: number }
}

/** A file main has read: what it made of it, the rows as edited here, and main's verdict on each row. */
export interface Checked {
  file: ChosenFile
  opts: ReadOptions
  preview: ImportPreview
  rows: ImportRowInput[]
  outcomes: RowOutcome[]
  summary: ImportSummary
  /** rows left out as not people, less those the clerk brought back */
  leftOut: ImportLeftOut[]
  /** each sheet's activity, as the clerk set them (when each sheet is its own activity) */
  targets: ImportTarget[] | null
}

export type WizardState =
  | { step: 'choose'; file: ChosenFile | null; opts: ReadOptions; error: string | null }
  /** `previous` stays on screen, greyed under the spinner, until the new reading replaces it. */
  | { step: 'reading'; file: ChosenFile; opts: ReadOptions; progress: Progress | null; previous: Checked | null }
  | ({ step: 'preview' } & Checked)
  | ({ step: 'committing' } & Checked)
  | { step: 'done'; batch: ImportBatch }

export type WizardAction =
  | { type: 'read'; file: ChosenFile; opts: ReadOptions }
  | { type: 'progress'; progress: Progress }
  | { type: 'read-ok'; preview: ImportPreview }
  | { type: 'read-failed'; error: string }
  | { type: 'edit'; rows: ImportRowInput[]; leftOut?: ImportLeftOut[]; targets?: ImportTarget[] | null }
  | { type: 'checked'; rows: ImportRowInput[]; outcomes: RowOutcome[]; summary: ImportSummary }
  | { type: 'commit' }
  | { type: 'commit-failed' }
  | { type: 'committed'; batch: ImportBatch }

export const initialWizardState: WizardState = { step: 'choose', file: null, opts: {}, error: null }

const checked = ({ file, opts, preview, rows, outcomes, summary, leftOut, targets }: Checked): Checked => ({ file, opts, preview, rows, outcomes, summary, leftOut, targets })

/** The read file on screen, if any: the current one, or the previous one while a new reading is under way. */
export function shownFile(state: WizardState): Checked | null {
  if (state.step === 'preview' || state.step === 'committing') return checked(state)
  return state.step === 'reading' ? state.previous : null
}

/** Where a row sits in the file, to keep rows (and rows brought back) in reading order. */
export const rowOrder = (a: ImportRowInput, b: ImportRowInput): number => (a.sheet ?? 0) - (b.sheet ?? 0) || (a.block ?? 0) - (b.block ?? 0) || a.index - b.index

export const rowKey = (r: ImportRowInput): string => `${r.sheet ?? 0}-${r.block ?? 0}-${r.index}`

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'read':
      return { step: 'reading', file: action.file, opts: action.opts, progress: null, previous: shownFile(state) }
    case 'progress':
      return state.step === 'reading' ? { ...state, progress: action.progress } : state
    case 'read-ok': {
      if (state.step !== 'reading') return state
      const p = action.preview
      return { step: 'preview', file: state.file, opts: state.opts, preview: p, rows: p.rows, outcomes: p.outcomes, summary: p.summary, leftOut: p.leftOut, targets: p.bySheet?.targets ?? null }
    }
    case 'read-failed':
      return state.step === 'reading' ? { step: 'choose', file: state.file, opts: state.opts, error: action.error } : state
    case 'edit':
      return state.step === 'preview'
        ? { ...state, rows: action.rows, leftOut: action.leftOut ?? state.leftOut, targets: action.targets === undefined ? state.targets : action.targets }
        : state
    case 'checked':
      // a check answered after a later edit or another file would show verdicts for rows no longer there
      return (state.step === 'preview' || state.step === 'committing') && state.rows === action.rows ? { ...state, outcomes: action.outcomes, summary: action.summary } : state
    case 'commit':
      return state.step === 'preview' ? { ...state, step: 'committing' } : state
    case 'commit-failed':
      return state.step === 'committing' ? { ...state, step: 'preview' } : state
    case 'committed':
      return { step: 'done', batch: action.batch }
  }
}
