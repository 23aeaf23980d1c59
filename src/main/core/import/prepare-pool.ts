/**
 * Prepare workers for an import (prepare-worker.ts): files are read and hashed on the writing
 * thread, prepared on the workers, and written in the order they were given. One worker per core
 * but the writer's (at most four). A worker that dies is replaced, and each file it held is
 * prepared again alone on a worker of its own: the file that kills that one too fails (INTERNAL),
 * the others go on.
 *
 * Who packs a file's texts (brotli, about a fifth of preparing it) is decided as late as can be,
 * so that the two threads share the work whichever is the slower: a worker answers a file first
 * and packs it afterwards, when no other file waits for it; the writer, about to write a batch,
 * claims the packing of each file whose packed texts have not come yet and packs it as it writes
 * it (the same bytes either way). When the worker is the slower, the writer packs more; when the
 * writer is, the worker packs ahead of it.
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
  /**
   * `now`: the answer holds the packed texts. `later`: they follow in a message of their own
   * (PackedReply), unless the writer claims the packing first.
   */
  pack: 'now' | 'later'
}

/** What the importer sends a worker: a file, or the files whose packing the writer took over. */
export type ToPrepareWorker = PrepareJob | { claimed: number[] }

export type PrepareReply =
  | { id: number; ok: true; prepared: Omit<PreparedDocument, 'source'>; stored: StoredParts }
  | { id: number; ok: false; code: ErrorCode | null; message: string }

/** A file's packed texts, after its PrepareReply. */
export interface PackedReply {
  id: number
  packed: Uint8Array
}

export interface PreparePool {
  prepare(
    source: ImportSource,
    bytes: Uint8Array,
    hash: string,
    encoding: EncodingName | undefined
  ): Promise<PreparedDocument>
  /**
   * Takes over the packing of these files where their packed texts have not come: the caller
   * packs those (they have no `stored.packed`); a packing that comes later is not used.
   */
  claim(documents: readonly PreparedDocument[]): void
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
  interface Slot {
    worker: Worker
    waiting: Map<number, Waiting>
  }
  const slots: Slot[] = []
  /** Files answered whose packed texts are still to come from their worker. */
  const unpacked = new Map<number, { slot: Slot; document: PreparedDocument }>()
  const alone = new Set<Worker>()
  let retries: Promise<void> = Promise.resolve()

  const send = (worker: Worker, w: Waiting): void => {
    // A copy: the bytes may share memory with other buffers, and this one is handed over.
    const copy = new Uint8Array(w.job.bytes)
    worker.postMessage({ ...w.job, bytes: copy.buffer } satisfies PrepareJob, [copy.buffer])
  }

  /** `slot`: the pool's worker that answered, which packs the file later (a worker alone packs at once). */
  const settle = (w: Waiting, reply: PrepareReply, slot?: Slot): void => {
    if (!reply.ok) {
      w.reject(reply.code ? new CodedError(reply.code, reply.message) : new Error(reply.message))
      return
    }
    const { prepared, stored } = reply
    const document: PreparedDocument = {
      ...prepared,
      source: w.source,
      fields: { ...prepared.fields, original: asBuffer(prepared.fields.original) },
      stored: { ...stored, packed: stored.packed && asBuffer(stored.packed) },
    }
    if (slot) unpacked.set(reply.id, { slot, document })
    w.resolve(document)
  }

  const packed = (reply: PackedReply): void => {
    const held = unpacked.get(reply.id)
    if (!held) return
    unpacked.delete(reply.id)
    held.document.stored!.packed = asBuffer(reply.packed)
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
      // Packed with its answer: this worker is stopped once it has answered.
      send(worker, { ...w, job: { ...w.job, pack: 'now' } })
    })

  const spawn = (index: number): void => {
    const worker = new Worker(file)
    const slot: Slot = { worker, waiting: new Map<number, Waiting>() }
    slots[index] = slot
    let died = false
    const onDeath = (): void => {
      if (died || closed) return
      died = true
      // Its files still to be packed are packed by the writer.
      for (const [id, held] of unpacked) if (held.slot === slot) unpacked.delete(id)
      const held = [...slot.waiting.values()]
      slot.waiting.clear()
      spawn(index)
      for (const w of held) retries = retries.then(() => prepareAlone(w))
    }
    worker.on('message', (reply: PrepareReply | PackedReply) => {
      if ('packed' in reply) {
        packed(reply)
        return
      }
      const w = slot.waiting.get(reply.id)
      if (!w) return
      slot.waiting.delete(reply.id)
      settle(w, reply, slot)
    })
    worker.on('error', onDeath)
    worker.on('exit', onDeath)
  }
  for (let i = 0; i < size; i++) spawn(i)

  return {
    prepare(source, bytes, hash, encoding) {
      const slot = slots.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a))
      const id = nextId++
      const { read: _read, ...described } = source
      return new Promise<PreparedDocument>((resolve, reject) => {
        const w: Waiting = {
          source,
          job: { id, source: described, bytes, hash, encoding, pack: 'later' },
          resolve,
          reject,
        }
        slot.waiting.set(id, w)
        send(slot.worker, w)
      })
    },
    claim(documents) {
      const wanted = new Set(documents)
      const claimed = new Map<Slot, number[]>()
      for (const [id, held] of unpacked) {
        if (!wanted.has(held.document)) continue
        unpacked.delete(id)
        const ids = claimed.get(held.slot) ?? []
        ids.push(id)
        claimed.set(held.slot, ids)
      }
      for (const [slot, ids] of claimed) slot.worker.postMessage({ claimed: ids } satisfies ToPrepareWorker)
    },
    async close() {
      closed = true
      await Promise.all([...slots.map((s) => s.worker), ...alone].map((worker) => worker.terminate()))
    },
  }
}
