/**
 * Draws resources/icon.png (512×512): a red rounded square with a white page of text lines.
 * Plain Node (zlib) so the icon can be regenerated anywhere: npx tsx scripts/make-icon.ts
 */
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const SIZE = 512
const pixels = Buffer.alloc(SIZE * SIZE * 4)

function inRoundedSquare(x: number, y: number): boolean {
  const r = 96
  const m = 16
  const cx = Math.min(Math.max(x, m + r), SIZE - m - r)
  const cy = Math.min(Math.max(y, m + r), SIZE - m - r)
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
}

/** Rectangles (x, y, w, h): the page edge and its lines. */
const strokes = [
  [136, 120, 240, 36],
  [136, 196, 240, 28],
  [136, 256, 240, 28],
  [136, 316, 160, 28],
  [136, 376, 200, 28],
  [136, 120, 36, 284],
]

for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    const i = (y * SIZE + x) * 4
    if (!inRoundedSquare(x, y)) continue
    const white = strokes.some(([sx, sy, w, h]) => x >= sx! && x < sx! + w! && y >= sy! && y < sy! + h!)
    const shade = Math.round(30 * (y / SIZE))
    pixels.set(white ? [255, 250, 245, 255] : [179 - shade, 38, 30, 255], i)
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function crc32(buf: Buffer): number {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return ~c >>> 0
}

const header = Buffer.alloc(13)
header.writeUInt32BE(SIZE, 0)
header.writeUInt32BE(SIZE, 4)
header.set([8, 6, 0, 0, 0], 8)
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1))
for (let y = 0; y < SIZE; y++) pixels.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4)
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
])
writeFileSync('resources/icon.png', png)
console.log(`wrote resources/icon.png (${png.length} bytes)`)
