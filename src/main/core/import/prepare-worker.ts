/**
 * A prepare worker: decodes or extracts, splits, tokenizes and packs the files the importer sends
 * (prepare.ts), so the thread that writes the library mostly writes. No database here.
 *
 * A file asked to be packed `later` is answered without its packed texts; they follow in a message
 * of their own once no file waits to be prepared (messages are taken before the next packing), and
 * not at all once the writing thread has claimed the packing for itself (see prepare-pool.ts).
 */
import { parentPort } from 'node:worker_threads'
import { CodedError } from '../../../shared/result'
import { packPrepared, prepareDocument, storedParts } from './prepare'
import type { PackedReply, PrepareJob, PrepareReply, ToPrepareWorker } from './prepare-pool'

/** Packings still to do, oldest first (the writer needs those soonest). */
const packings = new Map<number, () => Buffer>()
let draining = false

function drain(): void {
  const next = packings.entries().next()
  if (next.done) {
    draining = false
    return
  }
  const [id, pack] = next.value
  packings.delete(id)
  try {
    parentPort?.postMessage({ id, packed: pack() } satisfies PackedReply)
  } catch {
    // Not sent: the writer packs the file itself and reports what fails there, with its name.
  }
  // One packing per turn: files sent meanwhile are prepared first.
  setImmediate(drain)
}

async function answer(job: PrepareJob): Promise<PrepareReply> {
  try {
    const bytes = new Uint8Array(job.bytes)
    const prepared = await prepareDocument(
      { ...job.source, read: () => bytes },
      bytes,
      job.hash,
      job.encoding
    )
    const { source: _source, ...rest } = prepared
    const now = job.pack === 'now'
    const stored = storedParts(prepared, now)
    if (!now) {
      packings.set(job.id, () => packPrepared(prepared))
      if (!draining) {
        draining = true
        setImmediate(drain)
      }
    }
    return { id: job.id, ok: true, prepared: rest, stored }
  } catch (err) {
    return {
      id: job.id,
      ok: false,
      code: err instanceof CodedError ? err.code : null,
      message: err instanceof Error ? err.message : String(err),
    }
  }
}

parentPort?.on('message', (message: ToPrepareWorker) => {
  if ('claimed' in message) {
    for (const id of message.claimed) packings.delete(id)
    return
  }
  void answer(message).then((reply) => parentPort?.postMessage(reply))
})
