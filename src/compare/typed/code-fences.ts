// Markdown code fences as chat models write them: ``` or ~~~ at the start of a line (up to three
// spaces of indent, as in CommonMark), an optional info string, closed by a line of the same
// character at least as long. An unclosed fence runs to the end: a truncated output keeps its code.

export interface CodeBlock {
  /** The info string after the opening fence: "python", "json", or "". */
  info: string;
  content: string;
  /** Index of the block's first line and one past its last line, in the output's lines. */
  firstLine: number;
  endLine: number;
}

const opening = /^ {0,3}(`{3,}|~{3,})([^`]*)$/u;
const closing = /^ {0,3}(`{3,}|~{3,})\s*$/u;

export function findCodeBlocks(text: string): CodeBlock[] {
  const lines = text.split(/\r?\n/u);
  const blocks: CodeBlock[] = [];
  let index = 0;
  while (index < lines.length) {
    const open = opening.exec(lines[index]!);
    if (!open) {
      index += 1;
      continue;
    }
    const fence = open[1]!;
    let end = index + 1;
    while (end < lines.length && !closesFence(lines[end]!, fence)) end += 1;
    blocks.push({
      info: open[2]!.trim(),
      content: lines.slice(index + 1, end).join('\n'),
      firstLine: index,
      endLine: Math.min(end + 1, lines.length),
    });
    index = end + 1;
  }
  return blocks;
}

function closesFence(line: string, fence: string): boolean {
  const close = closing.exec(line);
  return close !== null && close[1]![0] === fence[0] && close[1]!.length >= fence.length;
}

/** The block when it is the whole output (blank lines around allowed), else undefined. */
export function surroundingFence(text: string): CodeBlock | undefined {
  const blocks = findCodeBlocks(text);
  if (blocks.length !== 1) return undefined;
  const lines = text.split(/\r?\n/u);
  const only = blocks[0]!;
  const outside = [...lines.slice(0, only.firstLine), ...lines.slice(only.endLine)];
  return outside.every((line) => line.trim() === '') ? only : undefined;
}
