/**
 * Draws the app icon (a red rounded square with a white page of text lines) at every size the
 * installers want and writes resources/icon.png (512×512, Linux and electron-builder's source),
 * resources/icon.ico (Windows, PNG entries 16–256) and resources/icon.icns (macOS, PNG entries
 * 16–1024). Plain Node (zlib), so the icons can be regenerated anywhere: npx tsx scripts/make-icon.ts
 */
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

/** The design on a 512 grid: rectangles (x, y, w, h) of the page edge and its lines. */
const STROKES = [
  [136, 120, 240, 36],
  [136, 196, 240, 28],
  [136, 256, 240, 28],
  [136, 316, 160, 28],
  [136, 376, 200, 28],
  [136, 120, 36, 284],
] as const
const RADIUS = 96
const MARGIN = 16
const SAMPLES = 4 // per axis, for smooth edges at small sizes

function inRoundedSquare(x: number, y: number): boolean {
  const cx = Math.min(Math.max(x, MARGIN + RADIUS), 512 - MARGIN - RADIUS)
  const cy = Math.min(Math.max(y, MARGIN + RADIUS), 512 - MARGIN - RADIUS)
  return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS * RADIUS
}

function draw(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4)
  const scale = 512 / size
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let inside = 0
      let white = 0
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) * scale
          const y = (py + (sy + 0.5) / SAMPLES) * scale
          if (!inRoundedSquare(x, y)) continue
          inside++
          if (STROKES.some(([rx, ry, w, h]) => x >= rx && x < rx + w && y >= ry && y < ry + h)) white++
        }
      }
      if (inside === 0) continue
      const w = white / inside
      const shade = Math.round(30 * (py / size))
      const red = [179 - shade, 38, 30]
      const page = [255, 250, 245]
      const i = (py * size + px) * 4
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.round(page[c]! * w + red[c]! * (1 - w))
      pixels[i + 3] = Math.round((255 * inside) / (SAMPLES * SAMPLES))
    }
  }
  return pixels
}

function crc32(buf: Buffer): number {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return ~c >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function png(size: number): Buffer {
  const pixels = draw(size)
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const cache = new Map<number, Buffer>()
const image = (size: number): Buffer => cache.get(size) ?? cache.set(size, png(size)).get(size)!

/** Windows .ico with PNG entries (Vista and later read them at every size). */
function ico(sizes: number[]): Buffer {
  const header = Buffer.alloc(6 + 16 * sizes.length)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(sizes.length, 4)
  let offset = header.length
  sizes.forEach((size, n) => {
    const e = 6 + 16 * n
    header[e] = size >= 256 ? 0 : size
    header[e + 1] = size >= 256 ? 0 : size
    header.writeUInt16LE(1, e + 4) // planes
    header.writeUInt16LE(32, e + 6) // bits per pixel
    header.writeUInt32LE(image(size).length, e + 8)
    header.writeUInt32LE(offset, e + 12)
    offset += image(size).length
  })
  return Buffer.concat([header, ...sizes.map(image)])
}

/** macOS .icns with PNG entries, keyed by Apple's type codes. */
function icns(entries: [string, number][]): Buffer {
  const parts = entries.map(([type, size]) => {
    const head = Buffer.alloc(8)
    head.write(type, 0, 'ascii')
    head.writeUInt32BE(8 + image(size).length, 4)
    return Buffer.concat([head, image(size)])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'ascii')
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4)
  return Buffer.concat([head, ...parts])
}

writeFileSync('resources/icon.png', image(512))
writeFileSync('resources/icon.ico', ico([16, 24, 32, 48, 64, 128, 256]))
writeFileSync(
  'resources/icon.icns',
  icns([
    ['icp4', 16],
    ['icp5', 32],
    ['icp6', 64],
    ['ic07', 128],
    ['ic08', 256],
    ['ic09', 512],
    ['ic10', 1024],
    ['ic11', 32],
    ['ic12', 64],
    ['ic13', 256],
    ['ic14', 512],
  ])
)
console.log('wrote resources/icon.png, resources/icon.ico and resources/icon.icns')
