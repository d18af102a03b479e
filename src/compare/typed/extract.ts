// Pulls the answer a case compares out of one output, by the case's compare kind.
import type { CompareSpec } from '../../suite/types.js';
import { extractCode } from './extract-code.js';
import { extractJson } from './extract-json.js';
import { extractLabel } from './extract-label.js';
import { extractNumber } from './extract-number.js';
import type { Extracted } from './types.js';
import type { ToolCall } from '../../domain/outcome.js';
import { extractCalls } from '../tool-calls/extract-calls.js';

const textDisplayLimit = 200;

/** Never throws: an invalid `extract` regex gives ok false here; validateSpec reports it at load time. */
export function extract(spec: CompareSpec, output: string, toolCalls?: readonly ToolCall[]): Extracted {
  switch (spec.kind) {
    case 'text':
      return { ok: true, value: output, display: output.length > textDisplayLimit ? `${output.slice(0, textDisplayLimit - 1)}…` : output };
    case 'label':
      return extractLabel(spec, output);
    case 'json':
      return extractJson(output);
    case 'number':
      return extractNumber(spec, output);
    case 'code':
      return extractCode(output);
    case 'tool-calls':
      return extractCalls(toolCalls);
  }
}
