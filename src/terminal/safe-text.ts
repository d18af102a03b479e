import { escapeControlCharacters } from '../domain/control-characters.js';

// What pinned itself sends to a terminal: colours (SGR, from picocolors) and the progress bar's
// erase-line and cursor-up. Everything else that would act on the terminal is spelled out.
const OWN_SEQUENCE = /(\u001b\[[0-9;]*[mKF])/;

/**
 * The last guard before a write: control characters are spelled out (`\u001b`), except line
 * feeds, tabs and pinned's own sequences. Untrusted text (outputs, reasons, provider messages,
 * case ids) is escaped where it is put into a line as well, so it cannot pass as pinned's own.
 */
export function terminalSafe(text: string): string {
  return text
    .split(OWN_SEQUENCE)
    .map((part, index) => (index % 2 === 1 ? part : escapeControlCharacters(part)))
    .join('');
}
