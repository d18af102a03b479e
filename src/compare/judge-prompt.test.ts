import { describe, expect, it } from 'vitest';
import { judgeMessages, parseGrade } from './judge-prompt.js';

describe('the judge’s grade', () => {
  it('is read from a clearly marked last line', () => {
    expect(parseGrade('C')).toBe('same');
    expect(parseGrade('(E)')).toBe('differs-but-irrelevant');
    expect(parseGrade('Answer: [B]')).toBe('superset');
    expect(parseGrade('The submission adds a detail the expert leaves out.\n\n**Final answer: [B]**')).toBe('superset');
    expect(parseGrade('A close reading shows the answers disagree, so the answer is (D).')).toBe('disagrees');
    expect(parseGrade('Both say 30 days.\nAnswer: C.')).toBe('same');
  });

  it('is unreadable when the last line does not settle it: hedging, contradicting, chatting after the answer', () => {
    expect(parseGrade('It could be (B) or (E); hard to say.')).toBeNull();
    expect(parseGrade('(C)\nOn reflection the dates conflict: (D). Or maybe (C) after all.')).toBeNull();
    expect(parseGrade('The answer is C.\nHope this helps!')).toBeNull();
    expect(parseGrade('A')).toBe('subset');
    expect(parseGrade('A subset, I think')).toBeNull();
    expect(parseGrade('')).toBeNull();
  });

  it('asks for that last line', () => {
    expect(judgeMessages('Q?', 'expert', 'submission')[0]!.content).toMatch(
      /Give your answer as the last line of your reply, in exactly this form: Answer: \[X\]\nwhere X is one of A, B, C, D or E\.$/,
    );
  });
});
