// npm run web -- --data <dir> --port <n>: build if the sources are newer than the build, then serve.
import './node-check.mjs'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((t, e) => {
    const p = join(dir, e.name)
    return Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }, 0)

const built = ['out/main/web.js', 'out/renderer/index.html'].map((f) => join(root, f))
const stale = !built.every(existsSync) || newest(join(root, 'src')) > Math.min(...built.map((f) => statSync(f).mtimeMs))
if (stale) {
  console.log('正在构建(首次或源码有改动)…')
  execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
}
const child = spawn(process.execPath, [join(root, 'out/main/web.js'), ...process.argv.slice(2)], { stdio: 'inherit' })
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))
