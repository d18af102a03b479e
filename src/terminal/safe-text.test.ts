import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { terminalSafe } from './safe-text.js';

describe('terminalSafe', () => {
  it("keeps pinned's own colours and progress sequences, spells out everything else", () => {
    const own = `\u001b[2F\u001b[2K${pc.createColors(true).red('error')}: done\n\tnext`;
    expect(terminalSafe(own)).toBe(own);
    expect(terminalSafe('a\u001b]0;TITLE\u0007b\u001b[2Jc\rd\u009b')).toBe('a\\u001b]0;TITLE\\u0007b\\u001b[2Jc\\u000dd\\u009b');
  });
});
