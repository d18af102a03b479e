// Single keys from a terminal in raw mode, for `pinned review`: one key decides, no Enter needed.

export interface Keys {
  /** The next key pressed ('\r' for Enter, '\u0003' for Ctrl-C, '\u001b' for Escape). */
  next(): Promise<string>;
  /** A line typed after `prompt`, echoed as typed; null when Escape or Ctrl-C cancels it. */
  line(prompt: string): Promise<string | null>;
  close(): void;
}

/** Reads keys from a terminal stream (process.stdin), writing echoes to `write` (which passes safe-text.ts). */
export function terminalKeys(input: NodeJS.ReadStream, write: (text: string) => void): Keys {
  const waiting: Array<(key: string) => void> = [];
  const pressed: string[] = [];
  input.setRawMode?.(true);
  input.setEncoding('utf8');
  const onData = (chunk: string) => {
    // A paste or an escape sequence arrives as one chunk: escape sequences (arrows) are one key.
    for (const key of chunk.match(/\u001b\[[0-9;]*[A-Za-z~]|[\s\S]/gu) ?? []) {
      const taker = waiting.shift();
      if (taker) taker(key);
      else pressed.push(key);
    }
  };
  input.on('data', onData);
  input.resume();
  const next = () => new Promise<string>((resolve) => (pressed.length ? resolve(pressed.shift()!) : waiting.push(resolve)));
  return {
    next,
    async line(prompt) {
      write(prompt);
      let text = '';
      for (;;) {
        const key = await next();
        if (key === '\r' || key === '\n') {
          write('\n');
          return text;
        }
        if (key === '\u0003' || key === '\u001b') {
          write('\n');
          return null;
        }
        if (key === '\u007f' || key === '\b') {
          if (text) {
            text = [...text].slice(0, -1).join('');
            // Redrawn with the sequences every printed line may hold (safe-text.ts): a new line,
            // back up to its start, erase it, write it again.
            write(`\n\u001b[1F\u001b[K${prompt}${text}`);
          }
          continue;
        }
        // Printable characters only: a control character typed into a note is not kept.
        if (/^[^\p{Cc}]$/u.test(key)) {
          text += key;
          write(key);
        }
      }
    },
    close() {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
    },
  };
}
