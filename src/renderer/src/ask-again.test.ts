import { describe, expect, it } from 'vitest'
import { askWhileWanted } from './ask-again'

const cancelled = Object.assign(new Error('CANCELLED: a newer search replaced this one.'), {
  code: 'CANCELLED',
})

describe('askWhileWanted', () => {
  it('asks again when the library abandoned the request and its answer is still wanted', async () => {
    let asked = 0
    const answer = await askWhileWanted(
      () => (++asked < 3 ? Promise.reject(cancelled) : Promise.resolve('招商 4')),
      () => true
    )
    expect(answer).toBe('招商 4')
    expect(asked).toBe(3)
  })

  it('gives up once the answer is no longer wanted, or after a few tries', async () => {
    let asked = 0
    await expect(
      askWhileWanted(
        () => (asked++, Promise.reject(cancelled)),
        () => false
      )
    ).rejects.toBe(cancelled)
    expect(asked).toBe(1)
    asked = 0
    await expect(
      askWhileWanted(
        () => (asked++, Promise.reject(cancelled)),
        () => true
      )
    ).rejects.toBe(cancelled)
    expect(asked).toBe(3)
  })

  it('never asks again after another error', async () => {
    let asked = 0
    const busy = Object.assign(new Error('BUSY: the library is being restored.'), { code: 'BUSY' })
    await expect(
      askWhileWanted(
        () => (asked++, Promise.reject(busy)),
        () => true
      )
    ).rejects.toBe(busy)
    expect(asked).toBe(1)
  })
})
