import { describe, expect, it } from 'vitest';
import { dataUrlImageSize, IMAGE_TOKENS_UPPER_BOUND, imageTokens } from './image-tokens.js';
import { loadTokenCounter } from './token-counter.js';

/** A data URL whose bytes start like a PNG of that size (enough for its header to be read). */
function pngDataUrl(width: number, height: number): string {
  const bytes = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  bytes.writeUInt32BE(13, 8);
  bytes.write('IHDR', 12, 'latin1');
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  return `data:image/png;base64,${bytes.toString('base64')}`;
}

function jpegDataUrl(width: number, height: number): string {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x04, 0x00, 0x00]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 3]);
  return `data:image/jpeg;base64,${Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.alloc(8)]).toString('base64')}`;
}

describe('image tokens, as OpenAI documents them for its vision models', () => {
  it('reads the size of PNG and JPEG data URLs', () => {
    expect(dataUrlImageSize(pngDataUrl(1024, 768))).toEqual({ width: 1024, height: 768 });
    expect(dataUrlImageSize(jpegDataUrl(640, 480))).toEqual({ width: 640, height: 480 });
    expect(dataUrlImageSize('https://example.com/a.png')).toBeUndefined();
  });

  it('tiles high detail, 85 at low detail, the upper bound when the size is unknown', () => {
    // 1024 x 1024 -> 768 x 768: 2 x 2 tiles.
    expect(imageTokens({ url: pngDataUrl(1024, 1024) })).toBe(85 + 170 * 4);
    // 2048 x 4096 -> 1024 x 2048 -> 768 x 1536: 2 x 3 tiles.
    expect(imageTokens({ url: pngDataUrl(2048, 4096) })).toBe(85 + 170 * 6);
    expect(imageTokens({ url: pngDataUrl(100, 100), detail: 'high' })).toBe(85 + 170);
    expect(imageTokens({ url: 'https://example.com/a.png', detail: 'low' })).toBe(85);
    expect(imageTokens({ url: 'https://example.com/a.png' })).toBe(IMAGE_TOKENS_UPPER_BOUND);
  });

  it('counts content parts, tool calls, tool answers and tool definitions into the prompt', async () => {
    const count = await loadTokenCounter();
    const text = count([{ role: 'user', content: 'What is in this picture?' }], 'gpt-4o');
    const withImage = count(
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'image_url', image_url: { url: pngDataUrl(512, 512) } },
          ],
        },
      ],
      'gpt-4o',
    );
    expect(withImage - text).toBe(255);
    const calls = count(
      [
        { role: 'user', content: 'Where is order 7?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_order', arguments: '{"id":7}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"status":"shipped"}' },
      ],
      'gpt-4o',
    );
    expect(calls).toBeGreaterThan(count([{ role: 'user', content: 'Where is order 7?' }], 'gpt-4o') + 15);
    const tools = [
      { type: 'function', function: { name: 'get_order', parameters: { type: 'object', properties: { id: { type: 'integer' } } } } },
    ];
    expect(count([{ role: 'user', content: 'hi' }], 'gpt-4o', tools)).toBeGreaterThan(
      count([{ role: 'user', content: 'hi' }], 'gpt-4o') + 10,
    );
  });
});
