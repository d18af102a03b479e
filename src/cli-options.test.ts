import { describe, expect, it } from 'vitest';
import { resumeCommand } from './cli-options.js';

describe('the resume command printed on Ctrl-C', () => {
  it('repeats the flags that choose which cells the run fills, quoted for the shell', () => {
    expect(resumeCommand('suite.yaml', { cache: true })).toBe('pinned run suite.yaml');
    expect(
      resumeCommand('my suites/s.yaml', {
        db: 'shard-2.db',
        shard: { index: 2, count: 4 },
        only: ['baseline', 'gpt-4.1'],
        samples: 3,
        batch: true,
        cache: false,
        compare: false,
      }),
    ).toBe("pinned run 'my suites/s.yaml' --db shard-2.db --shard 2/4 --only baseline,gpt-4.1 --samples 3 --batch --no-cache --no-compare");
  });
});
