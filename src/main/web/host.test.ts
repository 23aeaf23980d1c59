/**
 * Browser mode's host, attacked over real HTTP: loopback only, a per-launch token on every call,
 * Host and Origin checked (DNS rebinding, other sites), no CORS, and every argument validated
 * like IPC. Everything hostile is refused with an error code and the host keeps serving.
 */
import fc from 'fast-check'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request, type OutgoingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiMethodNames } from '../../shared/api-methods'
import { Library, libraryHandlers } from '../core/library'
import { MAX_BODY_BYTES, startHost, TOKEN_HEADER, type RunningHost } from './host'

let dir: string
let library: Library
let host: RunningHost

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-host-'))
  library = new Library(join(dir, 'data'))
  await library.importPaths([join(__dirname, '../../../resources/sample-xuzhou-roundup.txt')])
  mkdirSync(join(dir, 'renderer'))
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>')
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer folder')
  host = await startHost({ handlers: libraryHandlers(library), rendererDir: join(dir, 'renderer') })
})
afterAll(async () => {
  await host.close()
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

interface Answer {
  status: number
  json: { ok?: boolean; value?: unknown; error?: { code: string; message: string } }
  headers: Record<string, unknown>
  text: string
}

function call(
  path: string,
  body: string | Buffer = '',
  headers: OutgoingHttpHeaders = {},
  method = 'POST',
  options: { setHost?: boolean } = {}
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method,
        setHost: options.setHost ?? true,
        headers: Object.fromEntries(
          Object.entries({
            'content-type': 'application/json',
            [TOKEN_HEADER]: host.token,
            ...headers,
          }).filter(([, value]) => value !== undefined)
        ),
      },
      (res) => {
        answered = true
        const chunks: Buffer[] = []
        res.on('data', (d: Buffer) => chunks.push(d))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let json: Answer['json'] = {}
          try {
            json = JSON.parse(text || '{}') as Answer['json']
          } catch {
            // Pages are HTML, not JSON.
          }
          resolve({ status: res.statusCode ?? 0, json, headers: res.headers, text })
        })
      }
    )
    // The host may answer (413) and close before it has read everything sent.
    req.on('error', (err) => {
      if (!answered) reject(err)
    })
    req.end(body)
  })
}

/** A call without the default headers (for missing token or content type). */
function bare(path: string, body: string, headers: OutgoingHttpHeaders): Promise<Answer> {
  return call(path, body, { 'content-type': undefined, [TOKEN_HEADER]: undefined, ...headers })
}

function expectRefused(answer: Answer, status: number, code: string, label: string): void {
  expect(answer.status, label).toBe(status)
  expect(answer.json.ok, label).toBe(false)
  expect(answer.json.error?.code, label).toBe(code)
  expect(typeof answer.json.error?.message, label).toBe('string')
  expect(answer.headers['access-control-allow-origin'], label).toBeUndefined()
}

async function stillServing(): Promise<void> {
  expect(host.server.listening).toBe(true)
  const answer = await call('/api/libraryInfo', '{}')
  expect(answer.json).toMatchObject({ ok: true, value: { documents: 1 } })
}

describe('browser-mode host', () => {
  it('listens on loopback only and answers a valid call without CORS headers', async () => {
    expect(host.server.address()).toMatchObject({ address: '127.0.0.1' })
    const ok = await call('/api/search', JSON.stringify({ query: '睢宁' }))
    expect(ok.status).toBe(200)
    expect(ok.json.ok).toBe(true)
    expect(ok.headers['content-type']).toMatch(/^application\/json/u)
    for (const name of Object.keys(ok.headers)) expect(name).not.toMatch(/^access-control-/u)
    const sameOrigin = await call('/api/listTags', '{}', { origin: `http://127.0.0.1:${host.port}` })
    expect(sameOrigin.json.ok).toBe(true)
  })

  it('refuses calls without the right token', async () => {
    const cases: [string, OutgoingHttpHeaders, string][] = [
      ['/api/search', { [TOKEN_HEADER]: undefined }, 'missing'],
      ['/api/search', { [TOKEN_HEADER]: '' }, 'empty'],
      ['/api/search', { [TOKEN_HEADER]: 'wrong' }, 'wrong'],
      ['/api/search', { [TOKEN_HEADER]: `${host.token}x` }, 'longer'],
      ['/api/search', { [TOKEN_HEADER]: host.token.slice(0, -1) }, 'shorter'],
      ['/api/search', { [TOKEN_HEADER]: host.token.toUpperCase() }, 'case changed'],
      ['/api/search', { [TOKEN_HEADER]: undefined, authorization: `Bearer ${host.token}` }, 'other header'],
      [`/api/search?token=${host.token}`, { [TOKEN_HEADER]: undefined }, 'in the query'],
      ['/api/__proto__', { [TOKEN_HEADER]: undefined }, 'unknown method, no token'],
    ]
    for (const [path, headers, label] of cases)
      expectRefused(await call(path, '{"query":"x"}', headers), 403, 'FORBIDDEN', label)
    await stillServing()
  })

  it('refuses other Host names (DNS rebinding) and other origins', async () => {
    const hosts = [
      'evil.example',
      `evil.example:${host.port}`,
      `127.0.0.1:${host.port + 1}`,
      `localhost.evil:${host.port}`,
    ]
    for (const name of hosts)
      expectRefused(
        await call('/api/search', '{"query":"x"}', { host: name }),
        421,
        'FORBIDDEN',
        `host ${name}`
      )
    expectRefused(
      await call('/api/search', '{"query":"x"}', {}, 'POST', { setHost: false }),
      421,
      'FORBIDDEN',
      'no host'
    )
    expectRefused(await call('/', '', { host: 'evil.example' }, 'GET'), 421, 'FORBIDDEN', 'page, evil host')
    const origins = [
      'http://evil.example',
      'null',
      `https://127.0.0.1:${host.port}`,
      `http://127.0.0.1:${host.port + 1}`,
      `http://127.0.0.1:${host.port}.evil.example`,
      `127.0.0.1:${host.port}`,
      `http://localhost:${host.port}/`,
    ]
    for (const origin of origins)
      expectRefused(
        await call('/api/search', '{"query":"x"}', { origin }),
        403,
        'FORBIDDEN',
        `origin ${origin}`
      )
    await stillServing()
  })

  it('trades the printed one-time launch code for an HttpOnly cookie, once', async () => {
    const code = /#launch=(\S+)$/u.exec(host.url)?.[1] ?? ''
    expect(code).not.toBe('')
    expect(host.url).not.toContain(host.token)
    const traded = await bare('/api/session', '', { 'x-dnr-launch': code })
    expect(traded.status).toBe(200)
    const cookie = String(traded.headers['set-cookie'] ?? '')
    expect(cookie).toMatch(/^dnr_session=[\w-]+; HttpOnly; SameSite=Strict; Path=\/$/u)
    const session = cookie.split(';')[0]!
    // The cookie opens the API; the used code (as in the browser's history) opens nothing.
    const withCookie = await bare('/api/libraryInfo', '{}', {
      'content-type': 'application/json',
      cookie: session,
    })
    expect(withCookie.json).toMatchObject({ ok: true })
    expectRefused(await bare('/api/session', '', { 'x-dnr-launch': code }), 403, 'FORBIDDEN', 'used code')
    expect(host.url).not.toContain(code)
    expectRefused(
      await bare('/api/libraryInfo', '{}', {
        'content-type': 'application/json',
        cookie: 'dnr_session=forged',
      }),
      403,
      'FORBIDDEN',
      'forged cookie'
    )
  })

  it('guards the event stream the same way', async () => {
    const events = (query: string, headers: OutgoingHttpHeaders = {}) =>
      call(`/api/events${query}`, '', { [TOKEN_HEADER]: undefined, ...headers }, 'GET')
    expectRefused(await events(''), 403, 'FORBIDDEN', 'no token')
    expectRefused(await events('?token=wrong'), 403, 'FORBIDDEN', 'wrong token')
    expectRefused(
      await events(`?token=${host.token}`, { origin: 'http://evil.example' }),
      403,
      'FORBIDDEN',
      'origin'
    )
    expectRefused(await events(`?token=${host.token}`, { host: 'evil.example' }), 421, 'FORBIDDEN', 'host')

    const received = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}`, method: 'GET' },
        (res) => {
          expect(res.statusCode).toBe(200)
          expect(res.headers['content-type']).toBe('text/event-stream')
          let data = ''
          res.on('data', (d: Buffer) => {
            data += d.toString()
            if (data.includes('connected'))
              host.emit('libraryChanged', {
                reason: 'import',
                summary: { documents: 1, reports: 2, skipped: 0, failed: [] },
              })
            if (data.includes('libraryChanged')) {
              req.destroy()
              resolve(data)
            }
          })
        }
      )
      req.on('error', reject)
      req.end()
    })
    expect(received).toContain(
      'event: libraryChanged\ndata: {"reason":"import","summary":{"documents":1,"reports":2,"skipped":0,"failed":[]}}'
    )
  })

  it('refuses wrong verbs, content types and unknown methods', async () => {
    expectRefused(await call('/api/search', '', {}, 'GET'), 405, 'BAD_REQUEST', 'GET')
    expectRefused(await call('/api/search', '{}', {}, 'PUT'), 405, 'BAD_REQUEST', 'PUT')
    expectRefused(
      await call('/api/search', '', { origin: `http://127.0.0.1:${host.port}` }, 'OPTIONS'),
      405,
      'BAD_REQUEST',
      'OPTIONS'
    )
    // A form or sendBeacon from another page sends text/plain without preflight.
    expectRefused(
      await call('/api/search', '{"query":"x"}', { 'content-type': 'text/plain' }),
      415,
      'BAD_REQUEST',
      'text/plain'
    )
    expectRefused(
      await bare('/api/search', '{"query":"x"}', { [TOKEN_HEADER]: host.token }),
      415,
      'BAD_REQUEST',
      'none'
    )
    for (const name of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '%73earch',
      'search%00',
      'events',
      '',
      'x'.repeat(5000),
    ])
      expectRefused(await call(`/api/${name}`, '{}'), 404, 'UNKNOWN_METHOD', `method ${name.slice(0, 20)}`)
    expectRefused(await call('/api/search/x', '{"query":"x"}'), 404, 'UNKNOWN_METHOD', 'sub path')
    await stillServing()
  })

  it('refuses malformed, hostile and oversized bodies', async () => {
    const cases: [string, string | Buffer, number, string][] = [
      ['/api/search', '{not json', 400, 'BAD_REQUEST'],
      ['/api/search', '', 400, 'BAD_REQUEST'],
      ['/api/search', 'null', 400, 'BAD_REQUEST'],
      ['/api/search', '[]', 400, 'BAD_REQUEST'],
      ['/api/search', '"query"', 400, 'BAD_REQUEST'],
      ['/api/search', '1e999', 400, 'BAD_REQUEST'],
      ['/api/search', Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), 400, 'BAD_REQUEST'],
      ['/api/search', '['.repeat(200_000), 400, 'BAD_REQUEST'],
      ['/api/search', '{"query":"x","__proto__":{"polluted":1}}', 400, 'BAD_REQUEST'],
      ['/api/search', '{"query":"x","constructor":{"prototype":{"polluted":1}}}', 400, 'BAD_REQUEST'],
      ['/api/libraryInfo', '{"__proto__":null}', 400, 'BAD_REQUEST'],
      ['/api/search', '{"query":42}', 400, 'BAD_REQUEST'],
      ['/api/search', '{"query":["x"]}', 400, 'BAD_REQUEST'],
      ['/api/search', '{"query":"x","limit":"10"}', 400, 'BAD_REQUEST'],
      ['/api/search', '{"query":"x","limit":-1}', 400, 'BAD_REQUEST'],
      ['/api/search', '{"query":"x","extra":true}', 400, 'BAD_REQUEST'],
      ['/api/search', JSON.stringify({ query: 'x'.repeat(100_001) }), 400, 'BAD_REQUEST'],
      ['/api/getReport', '{"id":"1 OR 1=1"}', 400, 'BAD_REQUEST'],
      ['/api/getReport', '{"id":1.5}', 400, 'BAD_REQUEST'],
      ['/api/getReport', '{"id":999999}', 200, 'NOT_FOUND'],
      ['/api/importPaths', '{"paths":[]}', 404, 'UNKNOWN_METHOD'],
      ['/api/importPaths', '{"paths":["/etc/passwd"]}', 404, 'UNKNOWN_METHOD'],
      ['/api/restoreBackup', '{"name":"../../library.sqlite3"}', 400, 'BAD_REQUEST'],
      ['/api/exportAnnotations', '{"format":"exe"}', 400, 'BAD_REQUEST'],
      ['/api/search', Buffer.alloc(1024 * 1024, 0x41), 400, 'BAD_REQUEST'],
      ['/api/search', Buffer.alloc(MAX_BODY_BYTES + 1, 0x20), 413, 'BAD_REQUEST'],
    ]
    for (const [path, body, status, code] of cases)
      expectRefused(await call(path, body), status, code, `${path} ${String(body).slice(0, 40)}`)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    // Streamed without a length: refused once the limit is passed.
    expectRefused(
      await call('/api/search', Buffer.alloc(MAX_BODY_BYTES + 1024, 0x20), {
        'transfer-encoding': 'chunked',
      }),
      413,
      'BAD_REQUEST',
      'chunked'
    )
    // A body announced as huge is refused before it is read.
    expectRefused(
      await call('/api/search', '{}', { 'content-length': String(10 * 1024 * 1024 * 1024) }),
      413,
      'BAD_REQUEST',
      'announced 10 GB'
    )
    await stillServing()
  })

  it('answers random payloads to every method with { ok } and a code (property)', async () => {
    const methods = apiMethodNames.filter((m) => !m.startsWith('import') && m !== 'restoreBackup')
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...methods), fc.string({ maxLength: 30 })),
        fc.oneof(fc.json(), fc.string()),
        async (method, body) => {
          const answer = await call(`/api/${encodeURIComponent(method)}`, body)
          expect([200, 400, 404, 413]).toContain(answer.status)
          expect(typeof answer.json.ok).toBe('boolean')
          if (!answer.json.ok) expect(answer.json.error?.code).toMatch(/^[A-Z_]+$/u)
        }
      ),
      { numRuns: 200 }
    )
    await stillServing()
  })

  it('serves the app with a strict CSP and nothing outside its folder', async () => {
    const page = await call('/', '', {}, 'GET')
    expect(page.status).toBe(200)
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/u)
    expect(String(page.headers['content-security-policy'])).not.toMatch(/unsafe-inline|unsafe-eval/u)
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    for (const path of [
      '/..%2fsecret.txt',
      '/..%2f..%2fetc%2fpasswd',
      '/%2e%2e/secret.txt',
      '/index.html%00.js',
    ])
      expect((await call(path, '', {}, 'GET')).status, path).toBe(404)
    // A malformed address is the client's mistake: 400, never a 500.
    for (const path of ['/%E0%A4%A', '/%', '/%zz', '/api/%'])
      expect((await call(path, '', {}, 'GET')).status, path).toBe(400)
    expect((await call('/index.html', '', {}, 'POST')).status).toBe(405)
    await stillServing()
  })
})
