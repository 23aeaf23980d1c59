/** Whether `out/` was built from the sources as they are now (see build-freshness.mjs). */
export function sourceFingerprint(root?: string): string
export function isBuildFresh(root?: string): boolean
export function markBuildFresh(root?: string): void
