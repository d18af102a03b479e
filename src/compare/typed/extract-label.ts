// A label is read from the raw output, before any normalisation: a normaliser that strips
// punctuation would turn the option "(A)" into "a" and the answer "[No]" into "no".
import { compileUserRegex, showUserRegex, type UserRegex } from '../../suite/user-regex.js';
import type { Extracted } from './types.js';

export interface LabelSpec {
  extract?: string;
  labels?: string[];
}

// Surrounding punctuation, quotes, symbols and Markdown (**, _, `, #) around an answer.
const decoration = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;
const onlyDecoration = /^[\s\p{P}\p{S}]*$/u;

export function extractLabel(spec: LabelSpec, output: string): Extracted {
  if (spec.extract !== undefined) return byPattern(spec.extract, spec.labels, output);
  if (spec.labels !== undefined) return byLabels(spec.labels, output);
  const bare = stripDecoration(output);
  return bare === '' ? failed('empty output') : found(bare);
}

/** The first capture group that took part (else the whole match) of the last match with text. */
function byPattern(extract: string, labels: string[] | undefined, output: string): Extracted {
  let regex: UserRegex;
  try {
    regex = compileUserRegex(extract);
  } catch (error) {
    return failed(`invalid extract regex: ${(error as Error).message}`);
  }
  // Last, because chain-of-thought answers come at the end and may first echo the instruction's examples.
  const matches = regex.matchAll(output);
  for (let index = matches.length - 1; index >= 0; index -= 1) {
    const match = matches[index]!;
    const text = (match.slice(1).find((group) => group !== undefined) ?? match[0]).trim();
    if (text === '') continue;
    if (labels === undefined) return found(text);
    const label = sameLabel(labels, text);
    return label !== undefined ? found(label) : failed(`extracted "${text}", not one of ${listLabels(labels, ', ')}`);
  }
  return failed(`no match for ${showUserRegex(extract)}`);
}

function byLabels(labels: string[], output: string): Extracted {
  const whole = sameLabel(labels, output.trim()) ?? sameLabel(labels, stripDecoration(output));
  if (whole !== undefined) return found(whole);

  const mentions = labelMentions(labels, output);
  const distinct = [...new Set(mentions.map((mention) => mention.label))];
  if (distinct.length === 0) return failed(`no label found (${listLabels(labels, ', ')})`);
  if (distinct.length === 1) return found(distinct[0]!);
  // Several labels mentioned: reasoning may weigh each, so only a final answer settles it.
  const last = mentions.reduce((a, b) => (b.end > a.end || (b.end === a.end && b.start < a.start) ? b : a));
  // "billing, not shipping." ends with a label it rules out.
  const negated = /\b(?:not|never)\s+$/iu.test(output.slice(Math.max(0, last.start - 20), last.start));
  if (!negated && onlyDecoration.test(output.slice(last.end))) return found(last.label);
  return failed(`ambiguous: mentions ${listLabels(distinct, ' and ')}`);
}

interface Mention {
  label: string;
  start: number;
  end: number;
}

/** Whole-word mentions of each label, ignoring case, minus those inside a longer label ("sure" in "not sure"). */
function labelMentions(labels: string[], output: string): Mention[] {
  const all: Mention[] = [];
  for (const label of labels) {
    for (const match of output.matchAll(labelPattern(label))) {
      all.push({ label, start: match.index, end: match.index + match[0].length });
    }
  }
  // By start, longer first: a mention lies inside another exactly when an earlier one reaches as far.
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  let reach = -1;
  return all.filter((mention) => {
    if (mention.end <= reach) return false;
    reach = mention.end;
    return true;
  });
}

const patterns = new Map<string, RegExp>();

function labelPattern(label: string): RegExp {
  let pattern = patterns.get(label);
  if (!pattern) {
    const body = label
      .trim()
      .replace(/[.*+?^${}()|[\]\\/-]/gu, '\\$&')
      .replace(/\s+/gu, '\\s+');
    pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'giu');
    patterns.set(label, pattern);
  }
  return pattern;
}

function sameLabel(labels: string[], text: string): string | undefined {
  const wanted = text.toLowerCase();
  const exact = labels.find((label) => label.trim().toLowerCase() === wanted);
  if (exact !== undefined) return exact;
  const bare = stripDecoration(text).toLowerCase();
  const loose = labels.filter((label) => stripDecoration(label).toLowerCase() === bare);
  return loose.length === 1 ? loose[0] : undefined;
}

function stripDecoration(text: string): string {
  return text.replace(decoration, '');
}

function listLabels(labels: string[], last: string): string {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')}${last}${labels.at(-1)}`;
}

function found(label: string): Extracted {
  return { ok: true, value: label, display: label };
}

function failed(error: string): Extracted {
  return { ok: false, value: undefined, display: '', error };
}
