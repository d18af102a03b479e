import { describe, expect, it } from 'vitest';
import { formatReviewScreen, type ReviewItem } from './review-screen.js';

const item: ReviewItem = {
  caseId: 'escalate\u001b]0;pwned\u0007',
  candidate: 'gpt-4o',
  baselineName: 'gpt-4-0314',
  verdict: 'drifted',
  confirmed: false,
  critical: true,
  similarity: 0.41,
  reasons: ['similarity 0.41 outside the noise floor'],
  prompt: 'Reply to the customer.',
  baseline: 'The customer has asked three times and is threatening a chargeback, which costs Acme fees and risks losing the customer.',
  output: 'The request is a standard refund inquiry that the refund team can process through the normal workflow.',
  samples: { baseline: 2, candidate: 1 },
};

describe('the review screen', () => {
  it('wraps both columns within the width without losing or repeating a word, and spells out control characters', () => {
    const screen = formatReviewScreen(item, { index: 0, total: 3 }, 80, false);
    const lines = screen.split('\n');
    expect(lines[1]).toBe(
      'case 1 of 3 · escalate\\u001b]0;pwned\\u0007 · gpt-4o vs gpt-4-0314 · drifted (unconfirmed) · critical · similarity 0.41',
    );
    expect(screen).not.toContain('\u001b');
    // The columns, read back, hold each side's words once and in order, changes bracketed.
    const at = lines.findIndex((l) => l.startsWith('baseline gpt-4-0314 (sample 1 of 2)'));
    const body = lines.slice(at + 1, lines.indexOf('', at + 1));
    for (const line of body) expect([...line].length).toBeLessThanOrEqual(80);
    const left = body.map((l) => l.slice(0, 38).trim()).join(' ');
    const right = body.map((l) => l.slice(41).trim()).join(' ');
    const words = (text: string) =>
      text
        .replace(/\[-|-\]|\{\+|\+\}/g, '')
        .split(/\s+/)
        .filter(Boolean)
        .join(' ');
    expect(words(left)).toBe(item.baseline);
    expect(words(right)).toBe(item.output);
    expect(left).toContain('[-customer has asked three times and -]');
  });
});
