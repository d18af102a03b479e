import { expect, it } from 'vitest';
import { confidencePct, pct } from './format.js';

it('a confidence level keeps the nines a gate asks for, where a rate is rounded', () => {
  expect([0.9, 0.95, 0.99, 0.999, 0.99999, 0.9999999].map(confidencePct)).toEqual(['90%', '95%', '99%', '99.9%', '99.999%', '99.99999%']);
  expect(pct(0.999)).toBe('100%');
});
