import { describe, expect, it } from 'vitest';
import { caseOrder, jobsInOrder } from './case-order.js';
import type { Job } from './types.js';

describe('caseOrder', () => {
  const ids = Array.from({ length: 50 }, (_, i) => `case-${i + 1}`);

  it('is a permutation that the same seed repeats and another seed changes', () => {
    const order = caseOrder(ids, 1);
    expect([...order].sort()).toEqual([...ids].sort());
    expect(caseOrder(ids, 1)).toEqual(order);
    expect(caseOrder(ids, 2)).not.toEqual(order);
    expect(order).not.toEqual(ids);
  });

  it('sorts jobs by their case in the order, keeping targets and samples in place', () => {
    const job = (caseId: string, target: string): Job =>
      ({ caseId, target, sample: 0, requestHash: '', request: { kind: 'replay', recording: '', caseId, messages: [] } }) as Job;
    const jobs = [job('a', 'base'), job('b', 'base'), job('a', 'cand'), job('b', 'cand')];
    expect(jobsInOrder(jobs, ['b', 'a']).map((j) => `${j.caseId}/${j.target}`)).toEqual(['b/base', 'b/cand', 'a/base', 'a/cand']);
  });
});
