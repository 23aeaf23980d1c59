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
  'previewEncodings',
  'previewImport',
  'importAnnotations',
])
export const MAX_BODY_BYTES = 4 * 1024 * 1024
/** A 32 MB file as base64 with its JSON around it; the renderer sends larger batches in parts. */
export const MAX_BULK_BODY_BYTES = 64 * 1024 * 1024
/** Bulk requests read at the same time: more wait their turn (memory stays bounded). */
const MAX_BULK_AT_ONCE = 1
export const SESSION_COOKIE = 'dnr_session'
const LAUNCH_HEADER = 'x-dnr-launch'

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
  /** Told the next address to open once the current one's launch code was used. */
  onLaunchUrl?: (url: string) => void
}

export interface RunningHost {
  server: Server
  port: number
  /**
   * The API token for programs (the x-dnr-token header). It never appears in an address: a
   * browser gets a one-time launch code in the printed URL and trades it for an HttpOnly cookie.
   */
  token: string
  /** The address to open: the page with a one-time launch code. */
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

function cookieOf(req: IncomingMessage, name: string): string {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return ''
}

/** Waits its turn: at most `limit` holders at once. */
function createGate(limit: number): () => Promise<() => void> {
  let active = 0
  const waiting: (() => void)[] = []
  return () =>
    new Promise((resolve) => {
      const enter = (): void => {
        active++
        resolve(() => {
          active--
          waiting.shift()?.()
        })
      }
      if (active < limit) enter()
      else waiting.push(enter)
    })
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const sessions = new Set<string>()
  let launchCode = randomBytes(24).toString('base64url')
  const listeners = new Set<ServerResponse>()
  const bulkGate = createGate(MAX_BULK_AT_ONCE)
  let port = 0
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const allowedOrigins = (): Set<string> => new Set([...allowedHosts()].map((h) => `http://${h}`))
  const launchUrl = (): string => `http://127.0.0.1:${port}/#launch=${launchCode}`
  /** A caller is ours with our session cookie, or (programs, tests) with the API token header. */
  const authorised = (req: IncomingMessage, headerToken: unknown): boolean => {
    const session = cookieOf(req, SESSION_COOKIE)
    if (session !== '' && [...sessions].some((s) => tokensEqual(s, session))) return true
    return typeof headerToken === 'string' && tokensEqual(headerToken, token)
  }

  // Requests without a Host header reach the handler too, to be refused with a code like any other.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'The request could not be answered.')
      else res.end()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts().has(req.headers.host ?? '')) return sendError(res, 421, 'FORBIDDEN', 'Unknown host.')
    let url: URL
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
      decodeURIComponent(url.pathname)
    } catch {
      return sendError(res, 400, 'BAD_REQUEST', 'The address is malformed.')
    }
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url)
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(res, 405, 'BAD_REQUEST', 'Method not allowed.')
    return serveStatic(res, url.pathname)
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const origin = req.headers.origin
    // An Origin must be exactly one of ours, scheme included ("127.0.0.1:1234" alone is not).
    if (origin !== undefined && !allowedOrigins().has(origin))
      return sendError(res, 403, 'FORBIDDEN', 'Requests from other sites are refused.')
    const method = url.pathname.slice('/api/'.length)
    if (method === 'session' && req.method === 'POST') {
      // The one-time launch code of the printed address, traded for an HttpOnly cookie; the next
      // address gets a new code, so the one in the browser's history opens nothing.
      const code = req.headers[LAUNCH_HEADER]
      if (typeof code !== 'string' || !tokensEqual(code, launchCode))
        return sendError(
          res,
          403,
          'FORBIDDEN',
          'This address was already used; open the newest one the app printed.'
        )
      const session = randomBytes(24).toString('base64url')
      sessions.add(session)
      launchCode = randomBytes(24).toString('base64url')
      options.onLaunchUrl?.(launchUrl())
      res.setHeader('set-cookie', `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`)
      return sendJson(res, 200, { ok: true, value: null })
    }
    if (method === 'events' && req.method === 'GET') {
      if (!authorised(req, url.searchParams.get('token')))
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
    if (!authorised(req, req.headers[TOKEN_HEADER]))
      return sendError(res, 403, 'FORBIDDEN', 'Missing or wrong token.')
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return sendError(res, 415, 'BAD_REQUEST', 'API calls send JSON.')
    if (!isApiMethod(method))
      return sendError(res, 404, 'UNKNOWN_METHOD', `There is no API method "${method.slice(0, 64)}".`)
    const bulk = BULK_METHODS.has(method)
    const limit = bulk ? MAX_BULK_BODY_BYTES : MAX_BODY_BYTES
    const declared = Number(req.headers['content-length'] ?? 0)
    // Bulk requests (files as base64) are read and answered one at a time: memory stays bounded.
    const release = bulk && declared <= limit ? await bulkGate() : () => undefined
    try {
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
    } finally {
      release()
    }
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
    get url() {
      return launchUrl()
    },
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
