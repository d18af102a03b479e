import { describe, expect, it } from 'vitest';
import { limitHeapGrowth } from './heap-growth.js';

describe('limitHeapGrowth', () => {
  it("keeps a growth the user gave node, and sets pinned's otherwise", () => {
    expect(limitHeapGrowth(['--heap-growing-percent=50'])).toBe(false);
    expect(limitHeapGrowth(['--heap_growing_percent=50', '--enable-source-maps'])).toBe(false);
    expect(limitHeapGrowth(['--enable-source-maps'])).toBe(true);
  });
});
