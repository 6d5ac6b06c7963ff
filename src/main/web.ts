/**
 * Browser mode: the built renderer and the same handlers over HTTP, on 127.0.0.1 only, behind a random
 * per-run token and a Host check. Run as `node out/main/web.js --data <dir> --port <n>` (npm run web).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { finished, type Duplex } from 'node:stream'
import type { ApiError, Progress, Result } from '../shared/api'
import { call } from './api'
import { argValue } from './args'
import { DatabaseDamaged, openDatabase, resolveDataDir, type DB } from './db/open'
import { afterStartupRestore, dailyBackup, restoreNewestBackupFile } from './services/backup'
import { CONTENT_TYPES } from './static-files'

export const TOKEN_HEADER = 'x-redvest-token'
const MAX_BODY = 64 * 1024 * 1024
/** How long a refused upload may keep sending before its connection is cut. */
const DRAIN_MS = 5_000


export interface WebServer {
  url: string
  port: number
  token: string
  db: DB
  close(): Promise<void>
}

function send(res: ServerResponse, status: number, body: Result<unknown>): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(text)
}

const CODES: Record<number, ApiError['code']> = { 403: 'forbidden', 404: 'not_found', 500: 'internal' }
const refuse = (res: ServerResponse, status: number, message: string): void =>
  send(res, status, { ok: false, error: { code: CODES[status] ?? 'invalid', message } })

const BAD_REQUEST = '请求格式不正确(地址或请求头有误)。请使用启动时打印的完整地址重新打开红马甲。'

/** What Node's parser refuses before a request exists: status line and the clerk's message. */
const PARSE_ERRORS: Record<string, [string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: ['408 Request Timeout', '请求超时,请刷新页面后重试。'],
  HPE_HEADER_OVERFLOW: ['431 Request Header Fields Too Large', '请求头过大。请清除浏览器中 127.0.0.1 的 Cookie,再用启动时打印的完整地址打开。']
}

function answerParseError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const [status, message] = PARSE_ERRORS[err.code ?? ''] ?? ['400 Bad Request', BAD_REQUEST]
  const head = `HTTP/1.1 ${status}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(message)}`
  socket.end(`${head}\r\nconnection: close\r\n\r\n${message}`)
}

/**
 * 413 with `connection: close`, but the socket is closed only once the client has finished sending (or
 * after DRAIN_MS): closing with unread upload data resets the connection and the client loses the answer.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const megabytes = Math.max(1, Math.round(limit / 1024 / 1024))
  const text = JSON.stringify({
    ok: false,
    error: { code: 'invalid', message: `上传的内容超过 ${megabytes} MB,未处理。请把文件拆分成几个较小的文件分别导入。` }
  })
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), connection: 'close' })
  res.write(text)
  const close = (): void => {
    clearTimeout(timer)
    res.end()
  }
  const timer = setTimeout(close, DRAIN_MS).unref()
  finished(req, close)
  req.resume()
}

/** The body, or null as soon as it passes the limit (refuseTooLarge then drains the rest). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((ok, fail) => {
    let chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        chunks = []
        ok(null)
      } else chunks.push(c)
    })
    req.on('end', () => ok(Buffer.concat(chunks)))
    req.on('error', fail)
  })
}

/**
 * Path (decoded) and query of an origin-form target (`/path?query`), the only form a browser sends here;
 * null for other forms (`http://evil/`, `*`) and for malformed escapes (`/%E0%A4%A`), which would make
 * decodeURIComponent throw.
 */
function parseTarget(target: string): { path: string; query: URLSearchParams } | null {
  if (!target.startsWith('/')) return null
  const q = target.indexOf('?')
  try {
    return { path: decodeURIComponent(q < 0 ? target : target.slice(0, q)), query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)) }
  } catch {
    return null
  }
}

function sameToken(given: string | string[] | null | undefined, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false
  return timingSafeEqual(Buffer.from(given), Buffer.from(token))
}

export async function startWebServer(opts: {
  dataDir: string
  port?: number
  rendererDir?: string
  token?: string
  /** Largest request body in bytes (64 MB). */
  maxBody?: number
}): Promise<WebServer> {
  const db = openDatabase(opts.dataDir)
  const token = opts.token ?? randomBytes(24).toString('hex')
  const root = resolve(opts.rendererDir ?? join(__dirname, '../renderer'))
  const maxBody = opts.maxBody ?? MAX_BODY
  let port = 0
  const listeners = new Set<ServerResponse>()
  const progress = (p: Progress): void => {
    for (const res of listeners) res.write(`data: ${JSON.stringify(p)}\n\n`)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`]
    if (!allowedHosts.includes(req.headers.host ?? '')) return refuse(res, 403, '拒绝访问:请求的主机名不正确。')
    const target = parseTarget(req.url ?? '/')
    if (!target) return refuse(res, 400, BAD_REQUEST)
    const { path, query } = target

    if (path === '/api/progress' && req.method === 'GET') {
      // EventSource cannot send headers, so this one read-only feed takes the token in the query
      if (!sameToken(query.get('token'), token)) return refuse(res, 403, '拒绝访问:缺少或错误的访问令牌。')
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': 红马甲进度\n\n')
      listeners.add(res)
      req.on('close', () => listeners.delete(res))
      return
    }

    if (path.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(res, 405, '接口只接受 POST 请求。')
      if (!sameToken(req.headers[TOKEN_HEADER], token)) return refuse(res, 403, '拒绝访问:缺少或错误的访问令牌,请使用启动时打印的完整地址打开。')
      const origin = req.headers.origin
      if (origin && !allowedHosts.some((h) => origin === `http://${h}`)) return refuse(res, 403, '拒绝访问:来自其他网站的请求。')
      if (Number(req.headers['content-length']) > maxBody) return refuseTooLarge(req, res, maxBody)
      const body = await readBody(req, maxBody).catch(() => undefined)
      if (body === undefined) return refuse(res, 400, '请求在传输中断开了,请重试。')
      if (body === null) return refuseTooLarge(req, res, maxBody)
      let input: unknown
      try {
        input = body.length ? JSON.parse(body.toString('utf8')) : undefined
      } catch {
        return refuse(res, 400, '请求内容不是有效的 JSON。')
      }
      return send(res, 200, await call(db, path.slice(5), input, { progress }))
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, '不支持的请求。')
    const file = normalize(join(root, path === '/' ? 'index.html' : path))
    if (!file.startsWith(root + sep)) return refuse(res, 403, '拒绝访问。')
    try {
      const data = await readFile(file)
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache'
      })
      res.end(req.method === 'HEAD' ? undefined : data)
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('找不到该页面。请使用启动时打印的完整地址打开红马甲。')
    }
  }

  // a connection whose request is being answered must not get a second answer written into it
  const answering = new WeakSet<Duplex>()
  // one bad request must never stop the server: whatever escapes is logged and answered 500
  const server = createServer((req, res) => {
    answering.add(req.socket)
    res.on('close', () => answering.delete(req.socket))
    handle(req, res).catch((err: unknown) => {
      console.error('浏览器模式处理请求出错:', err)
      if (res.headersSent) res.destroy()
      else refuse(res, 500, '处理请求时出错。请刷新页面、核对数据后重试;如反复出现,请把命令行窗口里的错误信息交给技术支持。')
    })
  })
  // requests Node's parser rejects (broken headers, bad request line) never reach the handler
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable || answering.has(socket)) socket.destroy()
    else answerParseError(err, socket)
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
  const dataDir = resolveDataDir(resolve(argValue(process.argv, 'data') ?? process.env.REDVEST_DATA ?? join(process.cwd(), '.data')))
  const port = Number(argValue(process.argv, 'port') ?? 5178)
  try {
    const restored = process.argv.includes('--restore-latest-backup') ? restoreNewestBackupFile(dataDir) : null
    if (restored) console.log(`已恢复备份 ${restored.name}(损坏的文件保留在原文件夹中)`)
    const web = await startWebServer({ dataDir, port })
    if (restored) console.log(afterStartupRestore(web.db, restored.name, restored.damaged))
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
