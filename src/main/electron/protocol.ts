/**
 * The renderer is served from app://reader (not file://): only files inside the built renderer
 * folder, only GET, and every response carries the same strict CSP as browser mode.
 */
import { net, protocol } from 'electron'
import { pathToFileURL } from 'node:url'
import { CONTENT_SECURITY_POLICY } from '../web/host'
import { rendererFileFor } from './paths'
import { APP_SCHEME } from './window'

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
}

function refuse(status: number): Response {
  return new Response(null, { status, headers: SECURITY_HEADERS })
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405)
    const file = rendererFileFor(rendererDir, request.url)
    if (file === null) return refuse(404)
    try {
      const response = await net.fetch(pathToFileURL(file).toString())
      if (!response.ok) return refuse(404)
      const headers = new Headers(response.headers)
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value)
      return new Response(response.body, { status: response.status, headers })
    } catch {
      return refuse(404)
    }
  })
}
