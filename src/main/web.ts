/**
 * Browser mode: the built renderer and the same handlers over HTTP, on 127.0.0.1 only, behind a random
 * per-run token and a Host check. Run as `node out/main/web.js --data <dir> --port <n>` (npm run web).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { Progress, Result } from '../shared/api'
import { call } from './api'
import { argValue } from './args'
import { DatabaseDamaged, openDatabase, type DB } from './db/open'
import { dailyBackup, restoreNewestBackupFile } from './services/backup'

export const TOKEN_HEADER = 'x-redvest-token'
const MAX_BODY = 64 * 1024 * 1024

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

export interface WebServer {
  url: string
  port: number
  token: string
  db: DB
  close(): Promise<void>
}

function send(res: ServerResponse, status: number, body: Result<unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

const refuse = (res: ServerResponse, status: number, message: string): void =>
  send(res, status, { ok: false, error: { code: status === 403 ? 'forbidden' : 'invalid', message } })

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        ok(null)
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => ok(Buffer.concat(chunks)))
    req.on('error', fail)
  })
}

function sameToken(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false
  return timingSafeEqual(Buffer.from(given), Buffer.from(token))
}

export async function startWebServer(opts: { dataDir: string; port?: number; rendererDir?: string; token?: string }): Promise<WebServer> {
  const db = openDatabase(opts.dataDir)
  const token = opts.token ?? randomBytes(24).toString('hex')
  const root = resolve(opts.rendererDir ?? join(__dirname, '../renderer'))
  let port = 0
  const listeners = new Set<ServerResponse>()
  const progress = (p: Progress): void => {
    for (const res of listeners) res.write(`data: ${JSON.stringify(p)}\n\n`)
  }

  const server = createServer(async (req, res) => {
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`]
    if (!allowedHosts.includes(req.headers.host ?? '')) return refuse(res, 403, '拒绝访问:请求的主机名不正确。')
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)

    if (url.pathname === '/api/progress' && req.method === 'GET') {
      // EventSource cannot send headers, so this one read-only feed takes the token in the query
      if (!sameToken(url.searchParams.get('token') ?? undefined, token)) return refuse(res, 403, '拒绝访问:缺少或错误的访问令牌。')
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': 红马甲进度\n\n')
      listeners.add(res)
      req.on('close', () => listeners.delete(res))
      return
    }

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(res, 405, '接口只接受 POST 请求。')
      if (!sameToken(req.headers[TOKEN_HEADER], token)) return refuse(res, 403, '拒绝访问:缺少或错误的访问令牌,请使用启动时打印的完整地址打开。')
      const origin = req.headers.origin
      if (origin && !allowedHosts.some((h) => origin === `http://${h}`)) return refuse(res, 403, '拒绝访问:来自其他网站的请求。')
      const body = await readBody(req).catch(() => null)
      if (body === null) return refuse(res, 413, '请求内容过大或传输中断,请重试。')
      let input: unknown
      try {
        input = body.length ? JSON.parse(body.toString('utf8')) : undefined
      } catch {
        return refuse(res, 400, '请求内容不是有效的 JSON。')
      }
      return send(res, 200, await call(db, decodeURIComponent(url.pathname.slice(5)), input, { progress }))
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, '不支持的请求。')
    const file = normalize(join(root, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname)))
    if (!file.startsWith(root + sep)) return refuse(res, 403, '拒绝访问。')
    try {
      const data = await readFile(file)
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache'
      })
      res.end(req.method === 'HEAD' ? undefined : data)
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('找不到该页面')
    }
  })

  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(opts.port ?? 0, '127.0.0.1', ok)
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/#/?token=${token}`,
    port,
    token,
    db,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections()
        server.close(() => {
          db.close()
          ok()
        })
      })
  }
}

async function main(): Promise<void> {
  const dataDir = resolve(argValue(process.argv, 'data') ?? process.env.REDVEST_DATA ?? join(process.cwd(), '.data'))
  const port = Number(argValue(process.argv, 'port') ?? 5178)
  try {
    if (process.argv.includes('--restore-latest-backup')) console.log(`已恢复备份 ${restoreNewestBackupFile(dataDir)}(损坏的文件保留在原文件夹中)`)
    const web = await startWebServer({ dataDir, port })
    console.log(`redvest web: ${web.url}`)
    dailyBackup(web.db).catch((e: Error) => console.error(`每日备份失败:${e.message}`))
    console.log(`数据库文件:${web.db.name}`)
    const stop = (): void => void web.close().then(() => process.exit(0))
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    console.error(e.code === 'EADDRINUSE' ? `端口 ${port} 已被占用,请用 --port 指定其他端口。` : `启动失败:${e.message}`)
    if (e instanceof DatabaseDamaged) console.error('要恢复最近一次通过检查的备份,请加上 --restore-latest-backup 重新运行。')
    process.exit(1)
  }
}

if (typeof require !== 'undefined' && require.main === module) void main()
