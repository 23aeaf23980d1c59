/** The renderer is served from app://reader (not file://), with the same strict CSP as browser mode. */
import { net, protocol } from 'electron'
import { join, normalize, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CONTENT_SECURITY_POLICY } from '../web/host'

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

export function serveRenderer(rendererDir: string): void {
  const root = normalize(rendererDir) + sep
  protocol.handle('app', async (request) => {
    const url = new URL(request.url)
    const file = normalize(join(rendererDir, decodeURIComponent(url.pathname)))
    if (url.host !== 'reader' || !file.startsWith(root)) return new Response('Not found', { status: 404 })
    const response = await net.fetch(pathToFileURL(file).toString())
    const headers = new Headers(response.headers)
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    headers.set('X-Content-Type-Options', 'nosniff')
    return new Response(response.body, { status: response.status, headers })
  })
}
