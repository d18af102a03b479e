// What an image in a prompt costs, as OpenAI documents it for its vision models (gpt-4o,
// gpt-4.1, gpt-4-turbo): 85 tokens at detail "low"; otherwise the image is scaled to fit 2048 x
// 2048, then its shorter side to 768, and each 512-pixel tile costs 170 more. The size is read
// from a data URL's PNG, JPEG or GIF header; an image by URL (which pinned never fetches) or in
// another format is counted at the most a high-detail image can cost, 1,445 tokens, so a
// context-window check errs on the side of warning.

const BASE = 85;
const PER_TILE = 170;
/** 768 x 2048 after scaling: 2 x 4 tiles. */
export const IMAGE_TOKENS_UPPER_BOUND = BASE + PER_TILE * 8;

export function imageTokens(image: { url: string; detail?: 'auto' | 'low' | 'high' }): number {
  if (image.detail === 'low') return BASE;
  const size = dataUrlImageSize(image.url);
  if (!size) return IMAGE_TOKENS_UPPER_BOUND;
  let { width, height } = size;
  const fit = Math.min(1, 2048 / Math.max(width, height));
  width *= fit;
  height *= fit;
  const shorter = Math.min(width, height);
  if (shorter > 768) {
    width *= 768 / shorter;
    height *= 768 / shorter;
  }
  return BASE + PER_TILE * Math.ceil(width / 512) * Math.ceil(height / 512);
}

/** Width and height from a base64 data URL's image header, when it is PNG, JPEG or GIF. */
export function dataUrlImageSize(url: string): { width: number; height: number } | undefined {
  const match = /^data:image\/[\w.+-]+;base64,/iu.exec(url);
  if (!match) return undefined;
  // The header is near the start (a JPEG's frame header may follow its metadata): 96 KB is plenty.
  const bytes = Buffer.from(url.slice(match[0].length, match[0].length + 131_072), 'base64');
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.toString('latin1', 12, 16) === 'IHDR') {
    return positive(bytes.readUInt32BE(16), bytes.readUInt32BE(20));
  }
  if (bytes.length >= 10 && bytes.toString('latin1', 0, 3) === 'GIF') return positive(bytes.readUInt16LE(6), bytes.readUInt16LE(8));
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes);
  return undefined;
}

function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    // Start-of-frame markers carry the size; C4 (Huffman), C8 and CC (arithmetic coding) do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return positive(bytes.readUInt16BE(at + 7), bytes.readUInt16BE(at + 5));
    }
    at += 2 + length;
  }
  return undefined;
}

function positive(width: number, height: number): { width: number; height: number } | undefined {
  return width > 0 && height > 0 ? { width, height } : undefined;
}
