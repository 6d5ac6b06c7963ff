import { Progress as ProgressBar, Spin } from 'antd'
import type { WizardState } from './state'

/** While main reads the file (with its progress) or imports the rows, the wizard is greyed out under a spinner. */
export function Working({ state, children }: { state: WizardState; children: React.ReactNode }) {
  const busy = state.step === 'reading' ? '正在读取和核对文件…' : state.step === 'committing' ? `正在导入 ${state.rows.length} 行…` : null
  const progress = state.step === 'reading' ? state.progress : null
  return (
    <Spin
      spinning={!!busy}
      description={
        busy && (
          <div style={{ width: 320, margin: '0 auto' }}>
            <div>{progress ? `${progress.task}:${progress.done} / ${progress.total}` : busy}</div>
            {progress && <ProgressBar percent={Math.round((progress.done / Math.max(progress.total, 1)) * 100)} size="small" />}
          </div>
        )
      }
    >
      {children}
    </Spin>
  )
}
