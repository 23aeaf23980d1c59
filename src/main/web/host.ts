/**
 * Browser mode: serves the built renderer and the same typed API over HTTP on 127.0.0.1 only.
 * Every API call needs the per-launch token; Host and Origin must be our own address (so a web
 * page cannot reach us through DNS rebinding); no CORS headers are ever sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { isApiMethod, type ApiEvents, type ApiHandlers, type ApiMethod } from '../../shared/api'
import { dispatchApi } from '../api-dispatch'

export const TOKEN_HEADER = 'x-dnr-token'
/** Calls that carry files or many paths may be large; every other call fits in a few megabytes. */
const BULK_METHODS: ReadonlySet<ApiMethod> = new Set([
  'importFiles',
  'importPaths',
  'previewEncodings',
  'previewImport',
  'importAnnotations',
])
export const MAX_BODY_BYTES = 4 * 1024 * 1024
export const MAX_BULK_BODY_BYTES = 512 * 1024 * 1024

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
}

export interface HostOptions {
  handlers: ApiHandlers
  rendererDir: string
  port?: number
  token?: string
}

export interface RunningHost {
  server: Server
  port: number
  token: string
  url: string
  emit<E extends keyof ApiEvents>(event: E, payload: ApiEvents[E]): void
  close(): Promise<void>
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  })
  res.end(data)
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } })
}

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) return null
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const listeners = new Set<ServerResponse>()
  let port = 0
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const allowedOrigins = (): Set<string> => new Set([...allowedHosts()].map((h) => `http://${h}`))

  // Requests without a Host header reach the handler too, to be refused with a code like any other.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'The request could not be answered.')
      else res.end()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts().has(req.headers.host ?? '')) return sendError(res, 421, 'FORBIDDEN', 'Unknown host.')
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url)
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(res, 405, 'BAD_REQUEST', 'Method not allowed.')
    return serveStatic(res, url.pathname)
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const origin = req.headers.origin
    if (origin !== undefined && !allowedOrigins().has(origin))
      return sendError(res, 403, 'FORBIDDEN', 'Requests from other sites are refused.')
    const method = url.pathname.slice('/api/'.length)
    if (method === 'events' && req.method === 'GET') {
      if (!tokensEqual(url.searchParams.get('token') ?? '', token))
        return sendError(res, 403, 'FORBIDDEN', 'Missing or wrong token.')
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      })
      res.write(': connected\n\n')
      listeners.add(res)
      req.on('close', () => listeners.delete(res))
      return
    }
    if (req.method !== 'POST') return sendError(res, 405, 'BAD_REQUEST', 'API calls are POST requests.')
    const given = req.headers[TOKEN_HEADER]
    if (typeof given !== 'string' || !tokensEqual(given, token))
      return sendError(res, 403, 'FORBIDDEN', 'Missing or wrong token.')
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return sendError(res, 415, 'BAD_REQUEST', 'API calls send JSON.')
    if (!isApiMethod(method))
      return sendError(res, 404, 'UNKNOWN_METHOD', `There is no API method "${method.slice(0, 64)}".`)
    const limit = BULK_METHODS.has(method) ? MAX_BULK_BODY_BYTES : MAX_BODY_BYTES
    const declared = Number(req.headers['content-length'] ?? 0)
    const body = declared > limit ? null : await readBody(req, limit)
    if (body === null) {
      // Unread bytes may follow: answer, then close the connection rather than read them.
      res.setHeader('connection', 'close')
      return sendError(res, 413, 'BAD_REQUEST', 'The request is too large.')
    }
    let raw: unknown
    try {
      raw = JSON.parse(body)
    } catch {
      return sendError(res, 400, 'BAD_REQUEST', 'The request is not valid JSON.')
    }
    const result = await dispatchApi(method, raw, options.handlers)
    const status = result.ok
      ? 200
      : result.error.code === 'UNKNOWN_METHOD'
        ? 404
        : result.error.code === 'BAD_REQUEST'
          ? 400
          : 200
    sendJson(res, status, result)
  }

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    let relative: string
    try {
      relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/u, '')
    } catch {
      return sendError(res, 404, 'NOT_FOUND', 'Not found.')
    }
    const file = normalize(join(options.rendererDir, relative))
    if (relative.includes('\0') || !file.startsWith(normalize(options.rendererDir) + sep))
      return sendError(res, 404, 'NOT_FOUND', 'Not found.')
    let data: Buffer
    try {
      data = await readFile(file)
    } catch {
      return sendError(res, 404, 'NOT_FOUND', 'Not found.')
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    })
    res.end(data)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : 0

  return {
    server,
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    emit(event, payload) {
      const line = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`
      for (const res of listeners) res.write(line)
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of listeners) res.end()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
