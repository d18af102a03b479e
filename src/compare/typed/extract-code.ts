// The code in an answer, not the prose around it. Whether it was fenced is kept apart from the
// code itself: gpt-4-0613 fences code that gpt-4-0314 returned bare, which breaks callers that
// exec the output, so the fence is a difference of its own (see compareTyped).
import { findCodeBlocks } from './code-fences.js';
import type { Extracted } from './types.js';

export function extractCode(output: string): Extracted {
  const blocks = findCodeBlocks(output);
  const fenced = blocks.length > 0;
  const code = fenced ? blocks.map((block) => block.content).join('\n') : output;
  if (code.trim() === '') return { ok: false, value: undefined, display: '', error: fenced ? 'empty code block' : 'empty output', fenced };
  return { ok: true, value: code, display: codeDisplay(code), fenced };
}

function codeDisplay(code: string): string {
  const lines = code.split(/\r?\n/u).filter((line) => line.trim() !== '');
  const first = lines[0]!.trim();
  const head = first.length > 80 ? `${first.slice(0, 79)}…` : first;
  return lines.length === 1 ? head : `${head} … (${lines.length} lines)`;
}
