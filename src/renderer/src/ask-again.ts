/**
 * `ask`, asked again while its answer is still wanted when the library abandoned it (CANCELLED): a
 * reader drops a slow search once a search for another query comes in, which may be another
 * window's.
 */
export async function askWhileWanted<T>(ask: () => Promise<T>, wanted: () => boolean, tries = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ask()
    } catch (err) {
      const cancelled =
        typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'CANCELLED'
      if (attempt >= tries || !cancelled || !wanted()) throw err
    }
  }
}
