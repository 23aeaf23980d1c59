/** Numbers as Chinese text writes them, shared by the date reader and the amount extractor. */

/** The Chinese digits (〇 and 零, 两 as 2). */
export const CN_DIGIT: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
}

/** Full-width digits (２０２３年１月２６日, common in GB-encoded text) as ASCII ones; same length. */
export const asciiDigits = (text: string): string =>
  text.replace(/[０-９]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
