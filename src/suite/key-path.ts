// Key paths a suite names into JSON ("customer.email", "items[0].sku"): parsed when the suite
// loads, so a bad path is a suite error, and walked by the comparison.

export type PathSegment = string | number;

const segmentPattern = /\.?(?:([^.[\]"]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\])/uy;

/** `customer.email` -> ['customer', 'email'], `items[0].sku` -> ['items', 0, 'sku'], `["a.b"]` -> ['a.b']. */
export function parseKeyPath(text: string): PathSegment[] | { error: string } {
  const segments: PathSegment[] = [];
  segmentPattern.lastIndex = 0;
  while (segmentPattern.lastIndex < text.length) {
    const at = segmentPattern.lastIndex;
    const match = segmentPattern.exec(text);
    if (!match || (at === 0 && text.startsWith('.'))) return { error: `cannot read key path "${text}" at character ${at + 1}` };
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(`"${match[3]!}"`) as string);
  }
  return segments.length > 0 ? segments : { error: 'empty key path' };
}

/** An argument path of a `tool-call` assertion: a key path, optionally written as a JSON path from `$` (`$.items[0].sku`). */
export function toolCallPath(text: string): PathSegment[] | { error: string } {
  const path = text.startsWith('$.') ? text.slice(2) : text.startsWith('$[') ? text.slice(1) : text;
  return parseKeyPath(path);
}
