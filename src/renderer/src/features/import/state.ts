/** The import wizard's steps as one state: which step it is on decides what else there is to know. */
import type { ImportBatch, ImportField, ImportPreview, ImportRowInput, Progress, RowOutcome } from '../../../../shared/api'

/** A picked file, as sent to main. */
export type ChosenFile = { name: string; base64: string }

/** How to read a file again when the guessed sheet, header row or column mapping was wrong. */
export type ReadOptions = { sheet?: number; headerRow?: number; mapping?: Array<ImportField | null> }

/** A file main has read: what it made of it, the rows as edited here, and main's verdict on each row. */
export interface Checked {
  file: ChosenFile
  preview: ImportPreview
  rows: ImportRowInput[]
  outcomes: RowOutcome[]
}

export type WizardState =
  | { step: 'choose'; file: ChosenFile | null; error: string | null }
  /** `previous` stays on screen, greyed under the spinner, until the new reading replaces it. */
  | { step: 'reading'; file: ChosenFile; progress: Progress | null; previous: Checked | null }
  | ({ step: 'preview' } & Checked)
  | ({ step: 'committing' } & Checked)
  | { step: 'done'; batch: ImportBatch }

export type WizardAction =
  | { type: 'read'; file: ChosenFile }
  | { type: 'progress'; progress: Progress }
  | { type: 'read-ok'; preview: ImportPreview }
  | { type: 'read-failed'; error: string }
  | { type: 'edit'; rows: ImportRowInput[] }
  | { type: 'checked'; rows: ImportRowInput[]; outcomes: RowOutcome[] }
  | { type: 'commit' }
  | { type: 'commit-failed' }
  | { type: 'committed'; batch: ImportBatch }

export const initialWizardState: WizardState = { step: 'choose', file: null, error: null }

const checked = ({ file, preview, rows, outcomes }: Checked): Checked => ({ file, preview, rows, outcomes })

/** The read file on screen, if any: the current one, or the previous one while a new reading is under way. */
export function shownFile(state: WizardState): Checked | null {
  if (state.step === 'preview' || state.step === 'committing') return checked(state)
  return state.step === 'reading' ? state.previous : null
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'read':
      return { step: 'reading', file: action.file, progress: null, previous: shownFile(state) }
    case 'progress':
      return state.step === 'reading' ? { ...state, progress: action.progress } : state
    case 'read-ok':
      if (state.step !== 'reading') return state
      return { step: 'preview', file: state.file, preview: action.preview, rows: action.preview.rows, outcomes: action.preview.outcomes }
    case 'read-failed':
      return state.step === 'reading' ? { step: 'choose', file: state.file, error: action.error } : state
    case 'edit':
      return state.step === 'preview' ? { ...state, rows: action.rows } : state
    case 'checked':
      // a check answered after a later edit or another file would show verdicts for rows no longer there
      return (state.step === 'preview' || state.step === 'committing') && state.rows === action.rows ? { ...state, outcomes: action.outcomes } : state
    case 'commit':
      return state.step === 'preview' ? { ...state, step: 'committing' } : state
    case 'commit-failed':
      return state.step === 'committing' ? { ...state, step: 'preview' } : state
    case 'committed':
      return { step: 'done', batch: action.batch }
  }
}
