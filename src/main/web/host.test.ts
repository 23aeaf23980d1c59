/** Browser mode's host: loopback only, per-launch token, Host and Origin checked, no CORS. */
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library, libraryHandlers } from '../core/library'
import { startHost, TOKEN_HEADER, type RunningHost } from './host'

let dir: string
let library: Library
let host: RunningHost

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-host-'))
  library = new Library(join(dir, 'data'))
  library.importPaths([join(__dirname, '../../../resources/sample-xuzhou-roundup.txt')])
  mkdirSync(join(dir, 'renderer'))
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>')
  host = await startHost({ handlers: libraryHandlers(library), rendererDir: join(dir, 'renderer') })
})
afterAll(async () => {
  await host.close()
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

function call(
  path: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
  method = 'POST'
): Promise<{
  status: number
  json: { ok: boolean; error?: { code: string } }
  headers: Record<string, unknown>
}> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method,
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token, ...headers },
      },
      (res) => {
        let data = ''
        res.on('data', (d: Buffer) => (data += d.toString()))
        res.on('end', () => {
          let json = {} as { ok: boolean; error?: { code: string } }
          try {
            json = JSON.parse(data || '{}') as typeof json
          } catch {
            // Pages are HTML, not JSON.
          }
          resolve({ status: res.statusCode ?? 0, json, headers: res.headers })
        })
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('browser-mode host', () => {
  it('listens on loopback only and answers a valid call', async () => {
    expect(host.server.address()).toMatchObject({ address: '127.0.0.1' })
    const ok = await call('/api/search', JSON.stringify({ query: '睢宁' }))
    expect(ok.json.ok).toBe(true)
    expect(ok.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('refuses calls without the token, from other hosts or origins, and malformed bodies', async () => {
    const cases: [string, string | Buffer, Record<string, string>, number, string][] = [
      ['/api/search', '{"query":"x"}', { [TOKEN_HEADER]: '' }, 403, 'FORBIDDEN'],
      ['/api/search', '{"query":"x"}', { [TOKEN_HEADER]: 'wrong' }, 403, 'FORBIDDEN'],
      ['/api/search', '{"query":"x"}', { host: 'evil.example:80' }, 421, 'FORBIDDEN'],
      ['/api/search', '{"query":"x"}', { origin: 'http://evil.example' }, 403, 'FORBIDDEN'],
      ['/api/search', '{"query":"x"}', { 'content-type': 'text/plain' }, 415, 'BAD_REQUEST'],
      ['/api/search', '{not json', {}, 400, 'BAD_REQUEST'],
      ['/api/search', '{"query":"x","__proto__":{"polluted":1}}', {}, 400, 'BAD_REQUEST'],
      ['/api/__proto__', '{}', {}, 404, 'UNKNOWN_METHOD'],
      ['/api/constructor', '{}', {}, 404, 'UNKNOWN_METHOD'],
      ['/api/getReport', '{"id":"1 OR 1=1"}', {}, 400, 'BAD_REQUEST'],
      ['/api/search', Buffer.alloc(1024 * 1024, 0x41), {}, 400, 'BAD_REQUEST'],
    ]
    for (const [path, body, headers, status, code] of cases) {
      const res = await call(path, body, headers)
      expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(status)
      expect(res.json.error?.code).toBe(code)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const again = await call('/api/listReports', '{}')
    expect(again.json.ok).toBe(true)
  })

  it('serves the app with a strict CSP and nothing outside its folder', async () => {
    const page = await call('/', '', {}, 'GET')
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/u)
    expect(String(page.headers['content-security-policy'])).not.toMatch(/unsafe-inline|unsafe-eval/u)
    const escape = await call('/..%2f..%2fetc%2fpasswd', '', {}, 'GET')
    expect(escape.status).toBe(404)
  })
})
