/**
 * A prepare worker: decodes or extracts, splits, packs and tokenizes the files the importer sends
 * (prepare.ts), so the thread that writes the library mostly writes (it packs a file's texts
 * itself when asked to, see prepare-pool.ts). No database here.
 */
import { parentPort } from 'node:worker_threads'
import { CodedError } from '../../../shared/result'
import { prepareDocument, storedParts } from './prepare'
import type { PrepareJob, PrepareReply } from './prepare-pool'

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
    return { id: job.id, ok: true, prepared: rest, stored: storedParts(prepared, job.pack) }
  } catch (err) {
    return {
      id: job.id,
      ok: false,
      code: err instanceof CodedError ? err.code : null,
      message: err instanceof Error ? err.message : String(err),
    }
  }
}

parentPort?.on('message', (job: PrepareJob) => {
  void answer(job).then((reply) => parentPort?.postMessage(reply))
})
