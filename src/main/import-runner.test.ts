/** Imports and restores share one queue: a restore never runs in the middle of an import. */
import { expect, it } from 'vitest'
import { createSerialQueue } from './import-runner'

it('runs tasks one at a time in order, and a failure does not stop the next', async () => {
  const serial = createSerialQueue()
  const log: string[] = []
  const slow =
    (name: string, ms: number, fail = false) =>
    () =>
      new Promise<string>((resolve, reject) => {
        log.push(`start ${name}`)
        setTimeout(() => {
          log.push(`end ${name}`)
          if (fail) reject(new Error(name))
          else resolve(name)
        }, ms)
      })
  const importing = serial(slow('import', 60))
  const restoring = serial(slow('restore', 5))
  const failing = serial(slow('broken import', 5, true))
  const after = serial(slow('next import', 5))
  await expect(importing).resolves.toBe('import')
  await expect(restoring).resolves.toBe('restore')
  await expect(failing).rejects.toThrow('broken import')
  await expect(after).resolves.toBe('next import')
  expect(log).toEqual([
    'start import',
    'end import',
    'start restore',
    'end restore',
    'start broken import',
    'end broken import',
    'start next import',
    'end next import',
  ])
})
