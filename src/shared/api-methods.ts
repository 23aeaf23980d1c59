/** The API's method and event names, free of dependencies so the sandboxed preload can use them. */
export const apiMethodNames = [
  'libraryInfo',
  'listReports',
  'reportDates',
  'getReport',
  'search',
  'importFiles',
  'importPaths',
  'previewEncodings',
  'listAnnotations',
  'addAnnotation',
  'updateAnnotation',
  'deleteAnnotation',
  'restoreAnnotation',
  'listTags',
  'backupNow',
  'listBackups',
  'restoreBackup',
  'exportAnnotations',
  'importAnnotations',
  'correctReport',
  'mergeReport',
  'splitReport',
  'previewImport',
] as const

export const apiEventNames = ['importProgress', 'libraryChanged'] as const

export const IPC_PREFIX = 'api:'
export const IPC_EVENT_PREFIX = 'event:'

export function isApiMethodName(name: string): name is (typeof apiMethodNames)[number] {
  return (apiMethodNames as readonly string[]).includes(name)
}

export function isApiEventName(name: string): name is (typeof apiEventNames)[number] {
  return (apiEventNames as readonly string[]).includes(name)
}
