/**
 * Any web page the clerk opens can make the browser request 127.0.0.1: such a page must neither stop
 * browser mode (malformed addresses in <img>) nor call the API without the token.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findChromium, launch, startWeb, type WebApp } from './browser'

const chromiumPath = findChromium()

function hostilePage(target: string): string {
  return `<!doctype html><meta charset="utf-8"><title>hostile</title>
<img src="${target}/%E0%A4%A"><img src="${target}/%"><img src="${target}/api/%E0">
<script>
  const attempt = (method, input) =>
    fetch('${target}/api/' + method, { method: 'POST', mode: 'no-cors', body: JSON.stringify(input) }).then((r) => r.type, (e) => 'error: ' + e)
  window.calls = Promise.all([attempt('app.info', {}), attempt('community.create', { name: '冒充的社区', kind: '社区' })])
</script>`
}

describe.skipIf(!chromiumPath)('a hostile page open in the same browser', () => {
  let web: WebApp
  let browser: Browser
  let hostile: Server

  beforeAll(async () => {
    web = await startWeb()
    hostile = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(hostilePage(web.origin))
    })
    await new Promise<void>((ok) => hostile.listen(0, '127.0.0.1', ok))
    browser = await launch(chromiumPath!)
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((ok) => (hostile ? hostile.close(ok) : ok(undefined)))
    await web?.stop()
  })

  it('neither stops browser mode nor reaches the API without the token', async () => {
    const page = await browser.newPage()
    // what came back for each request to browser mode: a status, or why the browser dropped it
    const outcomes: Record<string, number | string> = {}
    const path = (url: string): string | null => (url.startsWith(web.origin) ? url.slice(web.origin.length) : null)
    page.on('response', (r) => {
      const p = path(r.url())
      if (p) outcomes[p] = r.status()
    })
    page.on('requestfailed', (r) => {
      const p = path(r.url())
      if (p) outcomes[p] ??= r.failure()?.errorText ?? 'failed'
    })
    await page.goto(`http://127.0.0.1:${(hostile.address() as AddressInfo).port}/`)
    // (the page's own code as text: these tests are type-checked without the DOM library)
    await page.waitForFunction('[...document.images].every((img) => img.complete)')
    expect(await page.evaluate('[...document.images].map((img) => img.naturalWidth)')).toEqual([0, 0, 0])
    // no-cors answers are opaque to the page; their status is read from the browser's network log
    expect(await page.evaluate('window.calls')).toEqual(['opaque', 'opaque'])
    await expect.poll(() => Object.keys(outcomes).sort()).toEqual(['/%', '/%E0%A4%A', '/api/%E0', '/api/app.info', '/api/community.create'])
    expect(outcomes['/api/app.info']).toBe(403)
    expect(outcomes['/api/community.create']).toBe(403)
    // an answer came back for each image (a 4xx, which Chromium then hides from the page as not an
    // image), never a dropped connection
    for (const p of ['/%', '/%E0%A4%A', '/api/%E0']) expect([400, 'net::ERR_BLOCKED_BY_ORB'], p).toContain(outcomes[p])

    expect(await web.api('app.info')).toMatchObject({ ok: true, data: { counts: { communities: 0 } } })
    await page.close()
  })
})
