import { describe, expect, it } from 'vitest';
import { formatUsd } from '../domain/prices.js';

describe('formatUsd', () => {
  it('keeps three significant digits under a dollar, so cheap suites do not read as $0.00, and never says zero for unknown', () => {
    expect([0, 0.000002, 0.0000365, 0.00646, 0.129, 1, 12.345, null].map(formatUsd)).toEqual([
      '$0',
      '$0.000002',
      '$0.0000365',
      '$0.00646',
      '$0.129',
      '$1.00',
      '$12.35',
      'unknown',
    ]);
  });
});
