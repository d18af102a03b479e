import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UsageError } from '../errors.js';
import { htmlChunks } from './render-html.js';
import { jsonReportChunks } from './render-json.js';
import { junitChunks } from './render-junit.js';
import { renderComment, renderMarkdown } from './render-markdown.js';
import type { ReportData } from './report-data.js';
import { STDOUT } from './stdout.js';

/** Where each report goes; a format without a path is not written. */
export interface ReportPaths {
  html?: string;
  md?: string;
  json?: string;
  junit?: string;
  /** The Markdown summary as a pull-request comment: a marker line first, under GitHub's comment limit. */
  comment?: string;
}

type Env = Record<string, string | undefined>;
/** A report as the chunks of its text: the ones that grow with the suite never make it one string. */
type Render = (data: ReportData, paths: ReportPaths, env: Env) => string | Iterable<string> | AsyncIterable<string>;

const REPORTERS: Record<keyof ReportPaths, { label: string; render: Render }> = {
  html: { label: 'HTML report', render: (data) => htmlChunks(data) },
  // The summary names the HTML report so a reader of the step summary knows where the diffs are.
  md: {
    label: 'Markdown summary',
    render: (data, paths, env) =>
      renderMarkdown(data, { ...(paths.html && paths.html !== STDOUT && { htmlReport: paths.html }), ...artifacts(env) }),
  },
  comment: {
    label: 'pull-request comment',
    render: (data, paths, env) =>
      renderComment(data, { ...(paths.html && paths.html !== STDOUT && { htmlReport: paths.html }), ...artifacts(env) }),
  },
  json: { label: 'JSON comparison', render: (data) => jsonReportChunks(data) },
  junit: { label: 'JUnit XML', render: (data) => junitChunks(data) },
};

/** Where reports go besides files: `stdout` takes the one report whose path is '-'; `written` hears where each file went. */
export interface ReportOutput {
  written(line: string): void;
  stdout(text: string): void;
}

/** Writes every report that has a path (making its folder), and says where each went as it goes. */
export async function writeReports(data: ReportData, paths: ReportPaths, env: Env, output: ReportOutput): Promise<void> {
  for (const format of Object.keys(REPORTERS) as Array<keyof ReportPaths>) {
    const path = paths[format];
    if (!path) continue;
    const { label, render } = REPORTERS[format];
    const text = render(data, paths, env);
    if (path === STDOUT) {
      output.stdout(typeof text === 'string' ? text : await joined(text));
      continue;
    }
    try {
      await mkdir(dirname(path), { recursive: true });
      await pipeline(Readable.from(typeof text === 'string' ? [text] : text), createWriteStream(path));
    } catch (error) {
      // Only the file system's refusals are the user's to fix; anything else is a bug, shown as one.
      if ((error as NodeJS.ErrnoException).syscall === undefined) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new UsageError(
        `cannot write the ${label} to ${path}: ${reason}`,
        'the comparison is stored: pinned report writes it again to another path',
      );
    }
    output.written(`${label}: ${path}`);
  }
}

async function joined(chunks: Iterable<string> | AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

/** In GitHub Actions, the run's page, which lists its artifacts (where a workflow uploads the HTML report). */
function artifacts(env: Env): { artifactsUrl?: string } {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  return server && repository && runId ? { artifactsUrl: `${server}/${repository}/actions/runs/${runId}#artifacts` } : {};
}

export function hasReportPaths(paths: ReportPaths): boolean {
  return Boolean(paths.html || paths.md || paths.json || paths.junit || paths.comment);
}

/** reports/<suite>-<run>.html under the current folder, the suite's name made safe for any file system. */
export function defaultHtmlPath(suiteName: string, runId: number): string {
  const safe = suiteName
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 80)
    .replace(/^[-.]+|[-.]+$/g, '');
  return join('reports', `${safe || 'suite'}-${runId}.html`);
}
