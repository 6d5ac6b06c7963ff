import { readFileSync, writeFileSync } from 'node:fs'
import { request, type IncomingMessage } from 'node:http'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startWebServer, TOKEN_HEADER, type WebServer } from '../src/main/web'
import { dump, smallRegister, tempDir } from './helpers'

let server: WebServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

async function start(opts: { maxBody?: number } = {}): Promise<WebServer> {
  const renderer = tempDir()
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>红马甲</title>')
  server = await startWebServer({ dataDir: tempDir(), port: 0, rendererDir: renderer, ...opts })
  return server
}

/**
 * A raw HTTP request, so the Host header can be forged as a DNS-rebinding page would and the path is sent
 * as written (fetch would normalise it). A body given as a list is streamed chunk by chunk, with no length.
 */
function send(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | string[] } = {}
): Promise<{ status: number; body: string; headers: IncomingMessage['headers'] }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }))
    })
    req.on('error', fail)
    if (Array.isArray(opts.body)) {
      for (const chunk of opts.body) req.write(chunk)
      req.end()
    } else req.end(opts.body)
  })
}

/** Bytes straight onto a socket, for requests no HTTP client would send. */
function sendRaw(port: number, text: string): Promise<string> {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text))
    const chunks: Buffer[] = []
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('end', () => ok(Buffer.concat(chunks).toString('utf8')))
    socket.on('error', fail)
  })
}

const CHINESE = /[\u4e00-\u9fff]/

const post = (s: WebServer, method: string, body: string | string[], headers: Record<string, string> = {}) =>
  send(s.port, `/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: s.token, ...headers }, body })

describe('browser mode over HTTP', () => {
  it('prints a loopback URL with the token and serves the renderer', async () => {
    const s = await start()
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/#/?token=${s.token}`)
    expect(s.token).toMatch(/^[0-9a-f]{48}$/)
    const page = await send(s.port, '/')
    expect(page.status).toBe(200)
    expect(page.body).toContain('红马甲')
    expect((await send(s.port, '/../../etc/passwd')).status).not.toBe(200)
    expect((await send(s.port, '/%2e%2e/%2e%2e/etc/passwd')).status).not.toBe(200)
  })

  it('answers API calls with the token and refuses them without it', async () => {
    const s = await start()
    const ok = await post(s, 'app.info', '{}')
    expect(ok.status).toBe(200)
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, data: { counts: { members: 0 } } })

    const none = await send(s.port, '/api/app.info', { method: 'POST', body: '{}' })
    expect(none.status).toBe(403)
    expect(JSON.parse(none.body).error.message).toContain('令牌')
    expect((await post(s, 'app.info', '{}', { [TOKEN_HEADER]: 'f'.repeat(48) })).status).toBe(403)
    expect((await post(s, 'app.info', '{}', { host: 'evil.example:80' })).status).toBe(403)
    expect((await post(s, 'app.info', '{}', { origin: 'http://evil.example' })).status).toBe(403)
    expect((await send(s.port, '/', { headers: { host: `attacker.test:${s.port}` } })).status).toBe(403)
    expect((await send(s.port, '/api/app.info', { headers: { [TOKEN_HEADER]: s.token } })).status).toBe(405)
  })

  it('streams import progress to the page that holds the token, and to no one else', async () => {
    const s = await start()
    smallRegister(s.db)
    expect((await send(s.port, '/api/progress?token=wrong')).status).toBe(403)
    const events: string[] = []
    const stream = await new Promise<IncomingMessage>((ok) => request({ host: '127.0.0.1', port: s.port, path: `/api/progress?token=${s.token}` }, ok).end())
    expect(stream.headers['content-type']).toContain('text/event-stream')
    stream.on('data', (c: Buffer) => events.push(...c.toString().split('\n\n').filter((e) => e.startsWith('data: '))))
    const file = readFileSync(join(__dirname, 'fixtures/samples/sample-roster.xlsx')).toString('base64')
    const r = JSON.parse((await post(s, 'import.read', JSON.stringify({ kind: 'roster', fileName: 'r.xlsx', fileBase64: file }))).body)
    expect(r.ok).toBe(true)
    await new Promise((ok) => setTimeout(ok, 50))
    stream.destroy()
    const last = JSON.parse(events.at(-1)!.slice(6))
    expect(last).toEqual({ task: '核对每一行', done: 60, total: 60 })
  })

  it('rejects malformed and wrongly typed input and leaves the database unchanged', async () => {
    const s = await start()
    smallRegister(s.db)
    const before = dump(s.db)
    const bad = await post(s, 'member.create', '{"name": ')
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body).error.message).toBe('请求内容不是有效的 JSON。')

    const cases: Array<[string, unknown]> = [
      ['member.create', { name: 123, phone: true }],
      ['member.create', { name: '李四', phone: '13700137000', communityId: 1, registeredAt: '2020-05-01', note: 'x'.repeat(5000) }],
      ['community.update', { id: 'one', name: '丽豪社区', kind: '社区' }],
      ['attendance.add', { eventId: 1, memberIds: 'all' }],
      ['attendance.update', { id: 1, hours: 99 }],
      ['member.list', { pageSize: 100000 }],
      ['member.list', { sort: 'phone; DROP TABLE member' }],
      ['community.remove', {}],
      ['no.such', {}]
    ]
    for (const [method, input] of cases) {
      const r = await post(s, method, JSON.stringify(input))
      const body = JSON.parse(r.body)
      expect(body.ok, `${method} ${JSON.stringify(input).slice(0, 60)}`).toBe(false)
      expect(body.error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    expect(dump(s.db)).toBe(before)
  })

  it('answers malformed and odd addresses with a Chinese 4xx and keeps serving', async () => {
    const s = await start()
    const answers = [
      await send(s.port, '/%E0%A4%A'),
      await send(s.port, '/%'),
      await send(s.port, '/api/progress%'),
      await post(s, '%E0', '{}'),
      await send(s.port, '//x'),
      await send(s.port, '//'),
      await send(s.port, 'http://evil/'),
      await send(s.port, '*', { method: 'OPTIONS' })
    ]
    for (const a of answers) {
      expect(a.status).toBeGreaterThanOrEqual(400)
      expect(a.status).toBeLessThan(500)
      expect(a.body).toMatch(CHINESE)
    }
    expect(JSON.parse(answers[0].body).error.message).toContain('启动时打印的完整地址')
    const broken = await sendRaw(s.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nBad Header: x\r\n\r\n`)
    expect(broken).toMatch(/^HTTP\/1\.1 400 /)
    expect(broken).toMatch(CHINESE)
    const hugeCookie = await sendRaw(s.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`)
    expect(hugeCookie).toMatch(/^HTTP\/1\.1 431 /)
    expect(hugeCookie).toContain('Cookie')
    expect(JSON.parse((await post(s, 'app.info', '{}')).body)).toMatchObject({ ok: true })
  })

  it('answers an unexpected failure with a logged Chinese 500 and keeps serving', async () => {
    const s = await start()
    // an answer that cannot be written, as a handler returning a BigInt would give
    const stringify = JSON.stringify
    vi.spyOn(JSON, 'stringify').mockImplementation((value: unknown, ...rest: unknown[]) => {
      if ((value as { data?: { dbPath?: unknown } } | null)?.data?.dbPath) throw new TypeError('Do not know how to serialize a BigInt')
      return stringify(value, ...(rest as []))
    })
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const r = await post(s, 'app.info', '{}')
      expect(r.status).toBe(500)
      expect(JSON.parse(r.body).error).toMatchObject({ code: 'internal', message: expect.stringMatching(/^处理请求时出错。/) })
      expect(String(logged.mock.calls[0][1])).toContain('BigInt')
    } finally {
      vi.restoreAllMocks()
    }
    expect(JSON.parse((await post(s, 'app.info', '{}')).body)).toMatchObject({ ok: true })
  })

  it('answers an oversized body with a 413 the client actually reads, declared or streamed', async () => {
    const s = await start({ maxBody: 1024 * 1024 })
    const big = JSON.stringify({ kind: 'roster', fileName: 'r.xlsx', fileBase64: 'A'.repeat(2 * 1024 * 1024) })
    const declared = await post(s, 'import.read', big)
    const streamed = await post(s, 'import.read', Array.from({ length: 32 }, (_, i) => big.slice(i * 65536, (i + 1) * 65536)).concat(big.slice(32 * 65536)))
    for (const r of [declared, streamed]) {
      expect(r.status).toBe(413)
      expect(r.headers.connection).toBe('close')
      expect(JSON.parse(r.body).error.message).toBe('上传的内容超过 1 MB,未处理。请把文件拆分成几个较小的文件分别导入。')
    }
    expect(streamed.headers['content-length']).toBeDefined()
    expect(JSON.parse((await post(s, 'app.info', '{}')).body)).toMatchObject({ ok: true })
  })

  it('answers 20 concurrent calls of the same method, each once', async () => {
    const s = await start()
    const names = Array.from({ length: 20 }, (_, i) => `并发社区${i + 1}`)
    const created = await Promise.all(names.map((name) => post(s, 'community.create', JSON.stringify({ name, kind: '社区' }))))
    expect(created.map((r) => r.status)).toEqual(names.map(() => 200))
    expect(created.map((r) => JSON.parse(r.body).data.name).sort()).toEqual([...names].sort())
    const infos = await Promise.all(names.map(() => post(s, 'app.info', '{}')))
    for (const r of infos) expect(JSON.parse(r.body)).toMatchObject({ ok: true, data: { counts: { communities: 20 } } })
  })
})
