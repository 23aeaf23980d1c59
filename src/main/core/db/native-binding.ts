/**
 * better-sqlite3's native module is built for Node (tests, CLI, browser mode). The Electron app
 * loads a separate build made for Electron's ABI, so the two never fight over one file.
 */
let binding: string | undefined

export function setNativeBinding(path: string | undefined): void {
  binding = path
}

export function nativeBinding(): string | undefined {
  return binding
}
