/**
 * Prepare workers for an import (prepare-worker.ts): files are read and hashed on the writing
 * thread, prepared on the workers, and written in the order they were given. One worker per core
 * but the writer's (at most four). A worker that dies is replaced, and each file it held is
 * prepared again alone on a worker of its own: the file that kills that one too fails (INTERNAL),
 * the others go on.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { EncodingName } from '../../../shared/api'
import { CodedError, type ErrorCode } from '../../../shared/result'
import type { PreparedDocument, StoredParts } from './prepare'
import type { ImportSource } from './sources'

export interface PrepareJob {
  id: number
  source: Omit<ImportSource, 'read'>
  bytes: ArrayBuffer
  hash: string
  encoding: EncodingName | undefined
  /** Whether the worker packs the file's texts (else the writing thread does, as it writes them). */
  pack: boolean
}

export type PrepareReply =
  | { id: number; ok: true; prepared: Omit<PreparedDocument, 'source'>; stored: StoredParts }
  | { id: number; ok: false; code: ErrorCode | null; message: string }

export interface PreparePool {
  prepare(
    source: ImportSource,
    bytes: Uint8Array,
    hash: string,
    encoding: EncodingName | undefined,
    pack?: boolean
  ): Promise<PreparedDocument>
  close(): Promise<void>
}

interface Waiting {
  source: ImportSource
  /** The job as sent, its bytes kept to send again. */
  job: Omit<PrepareJob, 'bytes'> & { bytes: Uint8Array }
  resolve: (prepared: PreparedDocument) => void
  reject: (err: Error) => void
}

/** Structured cloning makes Buffers plain Uint8Arrays: the writer's code expects Buffers. */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

export function createPreparePool(
  file: string,
  size = Math.max(1, Math.min(4, availableParallelism() - 1))
): PreparePool {
  let nextId = 0
  let closed = false
  const slots: { worker: Worker; waiting: Map<number, Waiting> }[] = []
  const alone = new Set<Worker>()
  let retries: Promise<void> = Promise.resolve()

  const send = (worker: Worker, w: Waiting): void => {
    // A copy: the bytes may share memory with other buffers, and this one is handed over.
    const copy = new Uint8Array(w.job.bytes)
    worker.postMessage({ ...w.job, bytes: copy.buffer } satisfies PrepareJob, [copy.buffer])
  }

  const settle = (w: Waiting, reply: PrepareReply): void => {
    if (!reply.ok) {
      w.reject(reply.code ? new CodedError(reply.code, reply.message) : new Error(reply.message))
      return
    }
    const { prepared, stored } = reply
    w.resolve({
      ...prepared,
      source: w.source,
      fields: { ...prepared.fields, original: asBuffer(prepared.fields.original) },
      stored: { ...stored, packed: stored.packed && asBuffer(stored.packed) },
    })
  }

  /** Prepares one file on a worker of its own (after a worker died holding it). */
  const prepareAlone = (w: Waiting): Promise<void> =>
    new Promise<void>((done) => {
      if (closed) {
        w.reject(new Error('the import ended'))
        done()
        return
      }
      const worker = new Worker(file)
      alone.add(worker)
      let settled = false
      const finish = (reply: PrepareReply | null, why = ''): void => {
        if (settled) return
        settled = true
        if (reply) settle(w, reply)
        else w.reject(new Error(`preparing ${w.source.name} stopped its worker (${why})`))
        alone.delete(worker)
        void worker.terminate().finally(done)
      }
      worker.on('message', (reply: PrepareReply) => finish(reply))
      worker.on('error', (err) => finish(null, err.message))
      worker.on('exit', (code) => finish(null, `exit code ${code}`))
      send(worker, w)
    })

  const spawn = (index: number): void => {
    const worker = new Worker(file)
    const slot = { worker, waiting: new Map<number, Waiting>() }
    slots[index] = slot
    let died = false
    const onDeath = (): void => {
      if (died || closed) return
      died = true
      const held = [...slot.waiting.values()]
      slot.waiting.clear()
      spawn(index)
      for (const w of held) retries = retries.then(() => prepareAlone(w))
    }
    worker.on('message', (reply: PrepareReply) => {
      const w = slot.waiting.get(reply.id)
      if (!w) return
      slot.waiting.delete(reply.id)
      settle(w, reply)
    })
    worker.on('error', onDeath)
    worker.on('exit', onDeath)
  }
  for (let i = 0; i < size; i++) spawn(i)

  return {
    prepare(source, bytes, hash, encoding, pack = true) {
      const slot = slots.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a))
      const id = nextId++
      const { read: _read, ...described } = source
      return new Promise<PreparedDocument>((resolve, reject) => {
        const w: Waiting = {
          source,
          job: { id, source: described, bytes, hash, encoding, pack },
          resolve,
          reject,
        }
        slot.waiting.set(id, w)
        send(slot.worker, w)
      })
    },
    async close() {
      closed = true
      await Promise.all([...slots.map((s) => s.worker), ...alone].map((worker) => worker.terminate()))
    },
  }
}
