/** Where a command writes and what it knows of its terminal; cli.ts passes the real ones, tests their own. */
export interface Io {
  /** Results: summaries, tables, paths of reports. */
  out(text: string): void;
  /** Progress, warnings and hints, so stdout stays clean for piping. */
  err(text: string): void;
  /**
   * A report asked for as '-', to stdout exactly as rendered. Then it is all stdout holds: what
   * `out` would print goes to stderr.
   */
  report(text: string): void;
  /** stderr is a terminal: draw a live progress bar instead of plain lines. */
  isTTY: boolean;
  /** The terminal's width; 0 when it does not know (drawn as 80). */
  columns: number;
  env: Record<string, string | undefined>;
}
