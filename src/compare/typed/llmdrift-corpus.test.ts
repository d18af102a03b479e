// Typed extraction checked against the LLMDrift paper's own grading of real outputs
// (../shared/corpus/LLMDRIFT.md). Figures in comments are from the shared split, 682 prime and
// 333 happy_number prompts x 4 snapshots, 38 leetcode prompts.
import { describe, expect, it } from 'vitest';
import { corpusMissing, corpusNote, readCorpus } from '../../corpus.test-helpers.js';
import type { CompareSpec } from '../../suite/types.js';
import { compareTyped } from './compare-typed.js';
import { extract } from './extract.js';

interface DriftRecord {
  id: string;
  task: string;
  expected: string | number | null;
  outputs: Record<string, string>;
  graded: Record<string, { extracted?: string | null; correct?: boolean }>;
}

const snapshots = ['gpt-4-0314', 'gpt-4-0613', 'gpt-3.5-turbo-0301', 'gpt-3.5-turbo-0613'];

describe.skipIf(corpusMissing)('typed extraction on LLMDrift' + corpusNote, () => {
  const records = corpusMissing ? [] : readCorpus<DriftRecord>('llmdrift.jsonl');
  const task = (name: string) => records.filter((record) => record.task === name);
  const answer = (spec: CompareSpec, output: string) => {
    const extracted = extract(spec, output);
    return extracted.ok ? String(extracted.value).toLowerCase() : 'undetermined';
  };

  describe('prime: [Yes]/[No] labels', () => {
    const bracketed: CompareSpec = { kind: 'label', extract: '\\[(Yes|No)\\]' };
    const cells = task('prime').flatMap((record) => snapshots.map((snapshot) => ({ record, snapshot, output: record.outputs[snapshot]! })));
    const disagreements = cells.filter(({ record, snapshot, output }) => answer(bracketed, output) !== record.graded[snapshot]!.extracted);

    it('agrees with the paper on most outputs, and on every gpt-4-0314 one', () => {
      // 2524 / 2728 = 92.5 %; gpt-4-0314 682/682, gpt-4-0613 642/682
      expect(1 - disagreements.length / cells.length).toBeGreaterThan(0.9);
      expect(disagreements.filter(({ snapshot }) => snapshot === 'gpt-4-0314')).toEqual([]);
    });

    it('disagrees for known reasons: a bare Yes/No, or the paper taking a "yes" from the reasoning', () => {
      const bare = disagreements.filter(({ output }) => /^\W*(yes|no)\W*$/iu.test(output.trim()));
      // The paper's rule finds the word "yes" anywhere before checking "no": "If yes, then it is
      // not a prime number. ... [No]" is graded yes. The last bracketed label is the answer.
      const proseYes = disagreements.filter(({ record, snapshot, output }) => {
        const ours = answer(bracketed, output);
        return ours === 'no' && record.graded[snapshot]!.extracted === 'yes' && /\byes\b/iu.test(output.replace(/\[(Yes|No)\]/gu, ''));
      });
      // 133 bare answers (mostly gpt-4-0613's "No"), 69 prose "yes", 2 others (a truncated "[Yes", a prose-only conclusion)
      expect(bare.length).toBeGreaterThan(100);
      expect(proseYes.length).toBeGreaterThan(50);
      expect(disagreements.length - bare.length - proseYes.length).toBeLessThanOrEqual(5);
    });

    it('with labels instead of a regex, reads the bare answers too', () => {
      const labels: CompareSpec = { kind: 'label', labels: ['Yes', 'No'] };
      const agree = cells.filter(({ record, snapshot, output }) => answer(labels, output) === record.graded[snapshot]!.extracted).length;
      expect(agree / cells.length).toBeGreaterThan(0.95); // 2650 / 2728 = 97.1 %
    });

    it('finds the regression the paper reports: gpt-4-0613 differs from gpt-4-0314 on about 63 % of prompts', () => {
      const changed = task('prime').filter((record) => {
        const [before, after] = ['gpt-4-0314', 'gpt-4-0613'].map((snapshot) => extract(bracketed, record.outputs[snapshot]!));
        return !compareTyped(bracketed, before!, after!).equal;
      });
      expect(changed.length / task('prime').length).toBeCloseTo(0.628, 2); // paper: 62.6 %
    });
  });

  describe('happy_number: \\boxed{N}', () => {
    // The YAML `extract: '\\boxed\{([^}]*)\}'`: a literal backslash, then boxed{...}.
    const boxed: CompareSpec = { kind: 'number', extract: '\\\\boxed\\{([^}]*)\\}' };

    it('agrees with the paper although the paper takes the first box and we take the last', () => {
      const cells = task('happy_number').flatMap((record) => snapshots.map((snapshot) => ({ record, snapshot })));
      const disagree = cells.filter(({ record, snapshot }) => {
        const ours = extract(boxed, record.outputs[snapshot]!);
        const paper = record.graded[snapshot]!.extracted;
        return paper === null || paper === undefined ? ours.ok : !ours.ok || ours.value !== Number(paper);
      });
      // 1332 / 1332: no output here has two boxes with different numbers (one has two equal boxes)
      expect(disagree).toEqual([]);
    });

    it('reproduces the paper mismatch between gpt-4-0314 and gpt-4-0613', () => {
      const changed = task('happy_number').filter((record) => {
        const [before, after] = ['gpt-4-0314', 'gpt-4-0613'].map((snapshot) => extract(boxed, record.outputs[snapshot]!));
        return !compareTyped(boxed, before!, after!).equal;
      });
      expect(changed.length).toBe(225); // paper-style mismatch on this split: 225 / 333 = 67.6 %
    });
  });

  describe('leetcode: code', () => {
    const code: CompareSpec = { kind: 'code' };

    it('sees the fences gpt-4-0613 added around code that gpt-4-0314 returned bare', () => {
      const fenced = (snapshot: string) => task('leetcode').filter((record) => extract(code, record.outputs[snapshot]!).fenced).length;
      expect(fenced('gpt-4-0314')).toBe(0);
      expect(fenced('gpt-4-0613') / task('leetcode').length).toBeGreaterThan(0.85); // 35 / 38
    });

    it('reports the fence apart from the code, which mostly changed too', () => {
      const comparisons = task('leetcode').map((record) =>
        compareTyped(code, extract(code, record.outputs['gpt-4-0314']!), extract(code, record.outputs['gpt-4-0613']!)),
      );
      // 4 / 38 identical after stripping the fence; the rest are rewrites of a few lines
      const sameCode = comparisons.filter((comparison) => comparison.equal);
      expect(sameCode.length).toBeGreaterThanOrEqual(3);
      expect(sameCode.every((comparison) => comparison.otherDifferences.includes('code fence: none → fenced'))).toBe(true);
    });
  });
});
