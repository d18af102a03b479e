// What one output looks like on its own, for reports and verdicts.
import type { OutputFlags } from '../types.js';
import { isRefusal } from './refusal.js';

// A Markdown fence: ``` or ~~~ at the start of a line, after any indentation (models indent
// fences inside list items by more than CommonMark's three spaces).
const CODE_FENCE = /^[ \t]*(?:```|~~~)/m;

export function outputFlags(output: string, finishReason: string | null): OutputFlags {
  return {
    refusal: isRefusal(output),
    codeFence: CODE_FENCE.test(output),
    truncated: finishReason === 'length',
  };
}
