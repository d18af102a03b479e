import { dirname, resolve } from 'node:path';
import { SuiteError, type SuiteIssue } from '../errors.js';
import { displayPath } from '../suite/display-path.js';
import type { Suite } from '../suite/types.js';
import { pathToFileURL } from 'node:url';
import { javascriptKey, type CompareInput, type SampleOutput } from '../compare/input.js';
import type { AssertionResult } from '../compare/types.js';

type UserCheck = (
  output: string,
  testCase: { id: string; vars: Record<string, unknown>; tags: string[]; messages: unknown[] },
  /** The calls the output made, each with its arguments as written and parsed (null when not JSON). */
  extra: { toolCalls: Array<{ id: string | null; name: string; arguments: string; parsed: unknown }> },
) => unknown;

/**
 * Runs the suite's `javascript: file.mjs#fn` assertions on every output. This is user code, so
 * it runs here at the edge, once per output; the pure comparison reads the results.
 */
export async function evaluateJavascript(
  input: CompareInput,
  cases: Array<{ id: string; vars: Record<string, unknown>; messages: unknown[] }>,
  suitePath: string,
  onLoadError: (reference: string, error: string) => void = () => {},
): Promise<Map<string, AssertionResult>> {
  const results = new Map<string, AssertionResult>();
  const modules = new Map<string, Promise<Record<string, unknown>>>();
  const reported = new Set<string>();
  const byId = new Map(cases.map((c) => [c.id, c]));
  for (const testCase of input.cases) {
    const stored = byId.get(testCase.conversation?.caseId ?? testCase.id);
    for (const [index, assertion] of testCase.assert.entries()) {
      if (assertion.type !== 'javascript') continue;
      const { check, loadError } = await loadCheck(assertion.value, dirname(suitePath), modules);
      if (loadError && !reported.has(assertion.value)) {
        reported.add(assertion.value);
        onLoadError(assertion.value, loadError);
      }
      const context = { id: testCase.id, vars: stored?.vars ?? {}, tags: testCase.tags, messages: stored?.messages ?? [] };
      const sides: Array<[string, CompareInput['cases'][number]['baseline']]> = [
        [input.baseline.target, testCase.baseline],
        ...Object.entries(testCase.candidates),
      ];
      for (const [target, samples] of sides) {
        for (const sample of samples) {
          if (!sample.ok) continue;
          const key = javascriptKey(testCase.id, target, sample.sample, index);
          results.set(key, loadError ? { pass: false, reason: loadError } : await run(check!, sample, context, assertion.value));
        }
      }
    }
  }
  return results;
}

/** The function a `file.mjs#fn` reference names, or why it cannot be had (the module's own error). */
export async function loadCheck(
  reference: string,
  baseDir: string,
  modules = new Map<string, Promise<Record<string, unknown>>>(),
): Promise<{ check?: UserCheck; loadError?: string }> {
  const [file, name = 'default'] = reference.split('#') as [string, string?];
  const path = resolve(baseDir, file);
  try {
    const loaded = modules.get(path) ?? import(pathToFileURL(path).href);
    modules.set(path, loaded);
    const exported = (await loaded)[name];
    if (typeof exported === 'function') return { check: exported as UserCheck };
    return { loadError: `${file} has no exported function '${name}'` };
  } catch (error) {
    return { loadError: `cannot load ${file}: ${(error as Error).message}` };
  }
}

async function run(check: UserCheck, sample: SampleOutput, context: Parameters<UserCheck>[1], label: string): Promise<AssertionResult> {
  try {
    const toolCalls = (sample.toolCalls ?? []).map((call) => ({ ...call, parsed: parsedArguments(call.arguments) }));
    const result = await check(sample.output, context, { toolCalls });
    if (typeof result === 'boolean') return { pass: result, reason: `${label} returned ${result}` };
    if (result && typeof result === 'object' && 'pass' in result) {
      const { pass, reason } = result as { pass: unknown; reason?: unknown };
      return { pass: Boolean(pass), reason: typeof reason === 'string' && reason ? reason : `${label} returned pass: ${Boolean(pass)}` };
    }
    return { pass: false, reason: `${label} returned ${JSON.stringify(result)}; expected true/false or { pass, reason }` };
  } catch (error) {
    return { pass: false, reason: `${label} threw: ${(error as Error).message}` };
  }
}

/** A `javascript: file.mjs#fn` whose function cannot be had would fail every output: a suite error, not a verdict. */
export async function checkJavascriptModules(suite: Suite): Promise<void> {
  const issues: SuiteIssue[] = [];
  const seen = new Set<string>();
  for (const testCase of suite.cases) {
    for (const assertion of testCase.assert) {
      if (assertion.type !== 'javascript' || seen.has(assertion.value)) continue;
      seen.add(assertion.value);
      const { loadError } = await loadCheck(assertion.value, dirname(suite.path));
      if (loadError)
        issues.push({
          ...testCase.loc,
          message: `case '${testCase.id}': javascript ${displayPath(assertion.value.split('#')[0]!)}#${assertion.value.split('#')[1] ?? 'default'}: ${loadError}`,
        });
    }
  }
  if (issues.length > 0) throw new SuiteError(issues);
}

function parsedArguments(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
