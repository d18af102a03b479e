// Adds `- file: <path>` to a suite's cases, editing the text where the list is and nothing else
// (comments, quoting and layout stay as written): the edit `pinned import --cases` makes so the
// suite runs the cases it created.
import { isMap, isSeq, parseDocument } from 'yaml';

/** The suite's text with the entry added, or unchanged when an entry already names the file; null when `cases` is not a list. */
export function addCaseFileEntry(yaml: string, path: string): { text: string; added: boolean } | null {
  const doc = parseDocument(yaml);
  const cases = doc.get('cases', true);
  if (!isSeq(cases) || !cases.range) return null;
  if (cases.items.some((item) => isMap(item) && item.get('file') === path)) return { text: yaml, added: false };
  const [start, , end] = cases.range;
  const entry = /^[\w./-]+$/u.test(path) ? path : JSON.stringify(path);
  if (cases.flow) {
    // `cases: []` becomes a block list; `[a, b]` gets one more item before its `]`.
    const body = yaml.slice(start, end);
    const close = start + body.lastIndexOf(']');
    if (cases.items.length === 0)
      return { text: `${yaml.slice(0, start).trimEnd()}\n  - file: ${entry}${yaml.slice(close + 1)}`, added: true };
    return { text: `${yaml.slice(0, close).trimEnd()}, { file: ${entry} }${yaml.slice(close)}`, added: true };
  }
  // A block list: a new item at the items' indentation, after the last one.
  const lineStart = yaml.lastIndexOf('\n', start - 1) + 1;
  const indent = yaml.slice(lineStart, start);
  const last = cases.items.at(-1) as { range?: [number, number, number] } | undefined;
  const after = last?.range ? last.range[1] : end;
  const lineEnd = yaml.indexOf('\n', after - 1);
  const at = lineEnd < 0 ? yaml.length : lineEnd;
  const prefix = yaml.slice(0, at);
  return { text: `${prefix}${prefix.endsWith('\n') ? '' : '\n'}${indent}- file: ${entry}${yaml.slice(at)}`, added: true };
}
