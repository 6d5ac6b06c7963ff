import type { FileOut } from '../../shared/api'

/** A file the clerk chose, as base64 for the contract (imports, agreement scans). */
export function fileBase64(file: File): Promise<string> {
  return new Promise((ok, fail) => {
    const reader = new FileReader()
    reader.onload = () => ok(String(reader.result).split(',')[1] ?? '')
    reader.onerror = () => fail(new Error('无法读取该文件，请确认文件没有被其他程序占用。'))
    reader.readAsDataURL(file)
  })
}

/** Hands a workbook made in main to the user: a download in the browser, a save dialog in the desktop app. */
export function saveFile(file: FileOut): void {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
