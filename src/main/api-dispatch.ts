/**
 * The one place an untrusted call becomes a core call, for both transports (IPC and HTTP):
 * unknown methods and invalid arguments are refused with a code, errors keep their meaning.
 */
import { isApiMethod, parseArgs, type ApiHandlers } from '../shared/api'
import { isRendererMethodName } from '../shared/api-methods'
import { toApiError, type ApiResult } from '../shared/result'

export async function dispatchApi(
  method: string,
  raw: unknown,
  handlers: ApiHandlers
): Promise<ApiResult<unknown>> {
  // Path-taking methods are for the CLI and the menu, which call the core directly.
  if (!isApiMethod(method) || !isRendererMethodName(method))
    return {
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: `There is no API method "${method.slice(0, 64)}".` },
    }
  const parsed = parseArgs(method, raw)
  if (!parsed.ok) return { ok: false, error: { code: 'BAD_REQUEST', message: parsed.message } }
  try {
    const handler = handlers[method] as (args: unknown) => unknown
    return { ok: true, value: await handler(parsed.args) }
  } catch (err) {
    const error = toApiError(err)
    if (error.code === 'INTERNAL') console.error(`[api] ${method} failed:`, err)
    return { ok: false, error }
  }
}
