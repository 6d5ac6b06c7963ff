import { readFileSync, writeFileSync } from 'node:fs'
import { request, type IncomingMessage } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startWebServer, TOKEN_HEADER, type WebServer } from '../src/main/web'
import { dump, smallRegister, tempDir } from './helpers'

let server: WebServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

async function start(): Promise<WebServer> {
  const renderer = tempDir()
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>红马甲</title>')
  server = await startWebServer({ dataDir: tempDir(), port: 0, rendererDir: renderer })
  return server
}

/** A raw HTTP request, so the Host header can be forged as a DNS-rebinding page would. */
function send(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', fail)
    req.end(opts.body)
  })
}

const post = (s: WebServer, method: string, body: string, headers: Record<string, string> = {}) =>
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
})
