import { fileURLToPath } from 'node:url';
import { formatIssue, SuiteError } from '../errors.js';
import { loadSuite } from './load-suite.js';

/** Absolute path of `fixtures/suite/<name>/suite.yaml`, whatever the working directory. */
export function fixture(name: string, file = 'suite.yaml'): string {
  return fileURLToPath(new URL(`../../fixtures/suite/${name}/${file}`, import.meta.url));
}

/** What `pinned` prints for a suite that does not load: one `file:line:col: message` per issue. */
export async function loadErrors(path: string, env: Record<string, string | undefined> = {}): Promise<string[]> {
  try {
    await loadSuite(path, { env });
  } catch (error) {
    if (error instanceof SuiteError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error(`expected ${path} not to load`);
}
