// npm start / npm run dev: open the desktop window through electron-vite, or say in Chinese why it cannot.
import './node-check.mjs'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const require = createRequire(join(root, 'package.json'))
if (!existsSync(join(dirname(require.resolve('electron/package.json')), 'path.txt'))) {
  console.error(
    'Electron 程序本体尚未下载(安装时设置了 ELECTRON_SKIP_BINARY_DOWNLOAD=1,或无法访问下载地址)。\n' +
      '请在能联网的电脑上不带该变量重新执行 npm install;在这台电脑上可以用 npm run web 在浏览器中使用。'
  )
  process.exit(1)
}
const mode = process.argv[2] === 'dev' ? 'dev' : 'preview'
const child = spawn(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), mode, ...process.argv.slice(3)], { cwd: root, stdio: 'inherit' })
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))
