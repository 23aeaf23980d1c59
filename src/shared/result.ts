/** Error codes a user can meet. Each travels with a sentence the user understands. */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNKNOWN_METHOD'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'NOT_TEXT'
  | 'ENCODING_UNKNOWN'
  | 'UNSUPPORTED_TYPE'
  | 'FILE_TOO_LARGE'
  | 'READ_FAILED'
  | 'EMPTY_FILE'
  | 'DOCUMENT_DAMAGED'
  | 'PDF_ENCRYPTED'
  | 'PDF_NO_TEXT'
  | 'PDF_TOO_LONG'
  | 'BUSY'
  | 'NOT_A_LIBRARY'
  | 'CANCELLED'
  | 'TOO_SLOW'
  | 'INTERNAL'

export interface ApiError {
  code: ErrorCode
  message: string
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError }

/** An error that carries a code across the process boundary. */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'CodedError'
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof CodedError) return { code: err.code, message: err.message }
  return { code: 'INTERNAL', message: 'Something went wrong inside the library; see the log for details.' }
}
