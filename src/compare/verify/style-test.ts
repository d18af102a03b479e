// The style test: does the endpoint write like the recording, prompt by prompt? It needs one
// recording per prompt. Each answer becomes STYLE_FEATURES; each prompt gives the difference
// endpoint - recording per feature; a sign-flip test on those rows (sign-flip.ts) asks whether
// the differences are centred on 0 jointly. Its level rests only on the endpoint's answer and
// the recording being exchangeable (same snapshot, same settings), not on any calibration.
import { signFlipTest } from './sign-flip.js';
import { STYLE_FEATURE_NAMES, styleFeatures } from './style-features.js';
import type { StyleResult } from './types.js';

export interface StyleItem {
  endpoint: string;
  recording: string;
}

export function styleTest(items: readonly StyleItem[], options: { flips?: number; seed?: number } = {}): StyleResult {
  const seed = options.seed ?? 1;
  const rows = items.map(({ endpoint, recording }) => {
    const a = styleFeatures(endpoint);
    const b = styleFeatures(recording);
    return a.map((value, f) => value - b[f]!);
  });
  const test = signFlipTest(rows, { seed, ...(options.flips === undefined ? {} : { flips: options.flips }) });
  const features = STYLE_FEATURE_NAMES.map((name, f) => ({
    name,
    meanDifference: rows.length === 0 ? 0 : rows.reduce((sum, row) => sum + row[f]!, 0) / rows.length,
    z: test.z[f]!,
  })).sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
  return { prompts: rows.length, statistic: test.statistic, method: test.method, flips: test.flips, seed, pValue: test.pValue, features };
}
