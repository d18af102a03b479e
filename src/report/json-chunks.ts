/** A chunk is written once it holds about this many characters. */
const CHUNK_CHARS = 1 << 16;

/**
 * JSON.stringify(value, null, indent) of an object, in chunks of about 64 KB: the arrays named in
 * `streamed` (or any iterable given for them) are written element by element, so no string ever
 * holds the whole document. Joined, the chunks are exactly what JSON.stringify returns.
 */
export function* jsonChunks(value: Record<string, unknown>, streamed: readonly string[], indent = 0): Generator<string> {
  const newline = indent > 0 ? '\n' : '';
  const pad = ' '.repeat(indent);
  const colon = indent > 0 ? ': ' : ':';
  let first = true;
  let chunk = '{';
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    chunk += `${first ? '' : ','}${newline}${pad}${JSON.stringify(key)}${colon}`;
    first = false;
    if (!streamed.includes(key) || item === null || typeof item !== 'object' || !(Symbol.iterator in item)) {
      chunk += nested(JSON.stringify(item, null, indent), pad);
      continue;
    }
    let empty = true;
    for (const element of item as Iterable<unknown>) {
      chunk += `${empty ? '[' : ','}${newline}${pad}${pad}${nested(JSON.stringify(element, null, indent) ?? 'null', pad + pad)}`;
      empty = false;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    chunk += empty ? '[]' : `${newline}${pad}]`;
  }
  yield `${chunk}${first ? '' : newline}}`;
}

/** A value's JSON placed `pad` deeper: JSON strings hold no raw line breaks, so every break is indentation. */
function nested(json: string, pad: string): string {
  return pad === '' ? json : json.replace(/\n/g, `\n${pad}`);
}
