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
  'exportResults',
  'figureSummary',
  'searchOverview',
  'listSavedSearches',
  'saveSearch',
  'openSavedSearch',
  'deleteSavedSearch',
  'importAnnotations',
  'correctReport',
  'mergeReport',
  'splitReport',
  'previewImport',
  'cancelImport',
] as const

/**
 * Methods that take paths on the user's disk: the CLI and the desktop menu call them directly,
 * the renderer never can (neither over IPC nor over HTTP), so a script in the page cannot make
 * the library read an arbitrary file.
 */
export const localOnlyMethodNames = ['importPaths'] as const

/** What the renderer may call. */
export const rendererMethodNames = apiMethodNames.filter(
  (m): m is Exclude<(typeof apiMethodNames)[number], (typeof localOnlyMethodNames)[number]> =>
    !(localOnlyMethodNames as readonly string[]).includes(m)
)

export const apiEventNames = ['importProgress', 'libraryChanged', 'libraryNotice', 'restoreProgress'] as const

export const IPC_PREFIX = 'api:'
export const IPC_EVENT_PREFIX = 'event:'

export function isApiMethodName(name: string): name is (typeof apiMethodNames)[number] {
  return (apiMethodNames as readonly string[]).includes(name)
}

export function isRendererMethodName(name: string): name is (typeof rendererMethodNames)[number] {
  return (rendererMethodNames as readonly string[]).includes(name)
}

export function isApiEventName(name: string): name is (typeof apiEventNames)[number] {
  return (apiEventNames as readonly string[]).includes(name)
}
