// Builds better-sqlite3 for Electron's ABI into .electron-native/ (run by `npm start` and `npm run dev`).
// node_modules keeps its Node-ABI build, so `npm test`, `npm run web` and the scripts keep working; the
// desktop app loads this copy through better-sqlite3's `nativeBinding` option (src/main/index.ts).
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const require = createRequire(join(root, 'package.json'))
const electronPkg = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8'))
const sqlitePkgPath = require.resolve('better-sqlite3/package.json')
const sqliteVersion = JSON.parse(readFileSync(sqlitePkgPath, 'utf8')).version
const outDir = join(root, '.electron-native')
const target = join(outDir, 'better_sqlite3.node')
const stampFile = join(outDir, 'stamp.txt')
const stamp = `electron ${electronPkg.version} better-sqlite3 ${sqliteVersion} ${process.platform}-${process.arch}`

if (!existsSync(join(dirname(require.resolve('electron/package.json')), 'path.txt'))) {
  console.error(
    'Electron 程序本体尚未下载(安装时设置了 ELECTRON_SKIP_BINARY_DOWNLOAD=1,或无法访问下载地址)。\n' +
      '请在能联网的电脑上不带该变量重新执行 npm install;在这台电脑上可以用 npm run web 在浏览器中使用。'
  )
  process.exit(1)
}
if (existsSync(target) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) process.exit(0)

console.log(`正在为 Electron ${electronPkg.version} 准备 better-sqlite3 ${sqliteVersion}(只需一次)…`)
const work = join(outDir, 'build')
rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
cpSync(dirname(sqlitePkgPath), work, { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) })

const run = (cmd, args) => execFileSync(cmd, args, { cwd: work, stdio: 'inherit', shell: process.platform === 'win32' })
try {
  // a prebuilt binary for this Electron, if the project publishes one
  run(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronPkg.version, '--arch', process.arch])
} catch {
  // otherwise compile against Electron's headers (needs Python and a C++ toolchain)
  const nodeDir = dirname(process.execPath)
  const gyp = [
    process.env.npm_config_node_gyp, // set when run through npm
    join(nodeDir, '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'), // npm's own copy on Linux/macOS
    join(nodeDir, 'node_modules/npm/node_modules/node-gyp/bin/node-gyp.js') // and on Windows
  ].find((p) => p && existsSync(p))
  if (!gyp) throw new Error('找不到 node-gyp:请通过 npm start 运行,或先执行 npm install -g node-gyp')
  run(process.execPath, [gyp, 'rebuild', '--release', '--runtime=electron', `--target=${electronPkg.version}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'])
}
cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target)
writeFileSync(stampFile, stamp)
rmSync(work, { recursive: true, force: true })
console.log(`已生成 ${target}`)
