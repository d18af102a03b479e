import type { SuiteIssue } from '../errors.js';
import { suggest } from './did-you-mean.js';
import type { Locator } from './yaml-document.js';

/**
 * The baseline and each candidate must name a defined target; the baseline is not also a
 * candidate, and no candidate is listed twice. No candidates is allowed (a baseline-only run
 * measures its noise) but worth a warning.
 */
export function checkLineup(
  lineup: { baseline?: string; candidates?: string[]; targetNames: string[] },
  locator: Locator,
): { issues: SuiteIssue[]; warnings: SuiteIssue[] } {
  const { baseline, candidates, targetNames } = lineup;
  const issues: SuiteIssue[] = [];
  const warnings: SuiteIssue[] = [];
  const unknown = (name: string, where: string): SuiteIssue | undefined => {
    if (targetNames.includes(name)) return undefined;
    const hint = targetNames.length === 0 ? "no targets are defined under 'targets'" : suggest(name, targetNames, 'defined targets');
    return { ...locator.at([]), message: `${where}: '${name}' is not a defined target`, ...(hint && { hint }) };
  };

  if (baseline !== undefined) {
    const issue = unknown(baseline, 'baseline');
    if (issue) issues.push({ ...issue, ...locator.at(['baseline']) });
  }
  if (candidates !== undefined) {
    if (candidates.length === 0) {
      warnings.push({ ...locator.at(['candidates']), message: 'candidates: the list is empty, so the run only measures the baseline' });
    }
    for (const [i, name] of candidates.entries()) {
      const loc = locator.at(['candidates', i]);
      const issue = unknown(name, `candidates[${i}]`);
      if (issue) issues.push({ ...issue, ...loc });
      else if (name === baseline)
        issues.push({
          ...loc,
          message: `candidates[${i}]: '${name}' is the baseline; a target cannot be compared with itself`,
          hint: 'remove it from candidates',
        });
      else if (candidates.indexOf(name) !== i)
        issues.push({ ...loc, message: `candidates[${i}]: '${name}' is listed twice`, hint: 'remove the repeat' });
    }
  }
  return { issues, warnings };
}
