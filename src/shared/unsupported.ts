/**
 * What a file the app does not read is, by its name, so a refusal can say what to do instead: an
 * old Word or WPS file or RTF is saved again as .docx, a single-file web page (.mht) as HTML, an
 * archive is unpacked first, an image needs text recognition. Shared by the main process (its
 * English sentence) and the window (the Chinese one).
 */
export type UnsupportedKind = 'office' | 'web-archive' | 'archive' | 'image'

const KINDS: Record<string, UnsupportedKind> = {
  doc: 'office',
  dot: 'office',
  wps: 'office',
  wpt: 'office',
  rtf: 'office',
  odt: 'office',
  mht: 'web-archive',
  mhtml: 'web-archive',
  zip: 'archive',
  rar: 'archive',
  '7z': 'archive',
  gz: 'archive',
  tar: 'archive',
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  gif: 'image',
  bmp: 'image',
  tif: 'image',
  tiff: 'image',
  webp: 'image',
}

/** A file name's extension, lower case, without its dot ('' when it has none). */
export const extensionOf = (name: string): string => /\.([^./\\]+)$/u.exec(name.toLowerCase())?.[1] ?? ''

export function unsupportedKind(name: string): UnsupportedKind | null {
  return KINDS[extensionOf(name)] ?? null
}
