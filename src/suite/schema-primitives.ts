import { z } from 'zod';

// Every schema carries the phrase a user reads after "expected" (zod-issues.ts adds the path and
// what was found), so messages stay plain; these build the common ones.

export const text = (what = 'a string') => z.string({ error: what });
export const intAtLeast = (min: number) => z.int({ error: `an integer >= ${min}` }).min(min, { error: `an integer >= ${min}` });
export const mapping = (what: string) => z.record(z.string(), z.unknown(), { error: what });
export const stringList = (what: string) => z.array(text(), { error: what });
