// Characters a terminal or a renderer acts on instead of showing: C0 and C1 controls (ESC opens
// escape sequences that set the window title or clear the screen, BEL rings) and the
// bidirectional overrides that reorder what a reader sees. Model output, file content and
// provider messages are untrusted: wherever pinned prints or renders them these never pass.

/** Every such character but tab, line feed and carriage return, which callers treat as text layout. */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** For renderers that show nothing of them (Markdown). */
export function stripControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

/**
 * For the terminal: each spelled out as `\u001b`, so a reader sees that the output held it and
 * the terminal never acts on it. A carriage return (which rewrites the line) is spelled out too.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, spell).replace(/\r/g, spell);
}

function spell(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
