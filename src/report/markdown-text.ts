// Model output, case ids and target names are untrusted: in GitHub Markdown they could open
// HTML (rendered there), links, tables, emphasis, math or @mentions that notify people.

import { stripControlCharacters } from '../domain/control-characters.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Inline Markdown text that renders as the characters it holds, on one line. */
export function escapeMarkdown(text: string): string {
  return (
    // Control characters and bidirectional overrides: invisible, and able to reorder what a reader sees.
    stripControlCharacters(text)
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .replace(/[&<>]/g, (ch) => ENTITIES[ch]!)
      .replace(/[\\`*_[\]|~$#]/g, '\\$&')
      // A zero-width space after @ keeps "@someone" from pinging a GitHub user in a PR comment, and
      // "a@b.com" in model output (now quoted in reasons too) from becoming a mailto link.
      .replace(/@(?=[\w-])/g, '@\u200B')
  );
}

/** A link to a URL; a plain path (an artifact's file) is shown as text, since it has no URL. */
export function reportLink(label: string, target: string): string {
  if (/^https?:\/\//i.test(target)) return `[${escapeMarkdown(label)}](${target.replace(/[\s()<>]/g, encodeURIComponent)})`;
  return `${escapeMarkdown(label)}: ${escapeMarkdown(target)}`;
}
