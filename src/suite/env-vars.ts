import { REDACTED } from '../secrets.js';

export type Env = Record<string, string | undefined>;

export interface Interpolated {
  value: string;
  /** Variables with no value and no default; their `${VAR}` text is left in place. */
  unresolved: string[];
  /** A `${` that is neither `${NAME}`, `${NAME:-default}` nor the `$${` escape. */
  malformed: boolean;
  /** Variables with no value whose `${VAR:-default}` default was used: read all the same where they are set. */
  defaulted: string[];
}

/** A run of the interpolated text: written in the suite, or the value of a variable (`variable`). */
export interface Piece {
  text: string;
  variable?: string;
}

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{/g;

/**
 * `${VAR}` and `${VAR:-default}` as in a shell: an empty variable counts as unset, because an
 * empty base URL or header is never what the author meant. `$${` is a literal `${`.
 */
export function interpolateEnv(text: string, env: Env): Interpolated {
  const { pieces, unresolved, malformed, defaulted } = envPieces(text, env);
  return { value: joinPieces(pieces), unresolved, malformed, defaulted };
}

/** The same interpolation, keeping which runs of the result came from which variable. */
export function envPieces(text: string, env: Env): Interpolated & { pieces: Piece[] } {
  const unresolved: string[] = [];
  const defaulted: string[] = [];
  let malformed = false;
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(REFERENCE)) {
    const [whole, name, fallback] = match;
    if (match.index > last) pieces.push({ text: text.slice(last, match.index) });
    last = match.index + whole.length;
    if (whole === '$${') {
      pieces.push({ text: '${' });
      continue;
    }
    if (name === undefined) {
      malformed = true;
      pieces.push({ text: whole });
      continue;
    }
    const found = env[name];
    if (found !== undefined && found !== '') pieces.push({ text: found, variable: name });
    else if (fallback !== undefined) {
      if (!defaulted.includes(name)) defaulted.push(name);
      pieces.push({ text: fallback });
    } else {
      if (!unresolved.includes(name)) unresolved.push(name);
      pieces.push({ text: whole });
    }
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return { value: joinPieces(pieces), pieces, unresolved, malformed, defaulted };
}

function joinPieces(pieces: Piece[]): string {
  return pieces.map((piece) => piece.text).join('');
}

/** The variables whose values the text took. */
export function variablesRead(pieces: Piece[]): string[] {
  return [...new Set(pieces.flatMap((piece) => (piece.variable ? [piece.variable] : [])))];
}

/** As it may be stored and printed: what came from the environment shown as its `${NAME}`. */
export function shownText(pieces: Piece[]): string {
  return pieces.map((piece) => (piece.variable ? `\${${piece.variable}}` : piece.text)).join('');
}

const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*@)?([^?#]*)(\?[^#]*)?(#.*)?$/;

/**
 * A base URL as it may be stored and printed. Where requests go (scheme, host, path) is kept, so
 * a stored request still says which endpoint answered it; the parts that carry credentials, the
 * `user:password@` and the query string, show what came from the environment as its `${NAME}`
 * (or `[redacted]` where one variable filled more than that part, e.g. the whole URL).
 */
export function shownUrl(pieces: Piece[]): string {
  const sent = joinPieces(pieces);
  const parts = URL_PARTS.exec(sent);
  if (!parts) return shownText(pieces);
  const userinfoStart = parts[1]!.length;
  const hostStart = userinfoStart + (parts[2]?.length ?? 0);
  const queryStart = hostStart + parts[3]!.length;
  const queryEnd = queryStart + (parts[4]?.length ?? 0);
  // The credential-bearing spans, without their '@' and '?'.
  const spans: Array<[number, number]> = [];
  if (parts[2]) spans.push([userinfoStart, hostStart - 1]);
  if (parts[4]) spans.push([queryStart + 1, queryEnd]);
  let out = '';
  let at = 0;
  for (const piece of pieces) {
    const start = at;
    const end = at + piece.text.length;
    at = end;
    if (!piece.variable) {
      out += piece.text;
      continue;
    }
    // Walk the piece through the spans it overlaps; outside them its text is kept.
    let cursor = start;
    for (const [from, to] of spans) {
      const overlapStart = Math.max(from, start);
      const overlapEnd = Math.min(to, end);
      if (overlapStart >= overlapEnd) continue;
      out += sent.slice(cursor, overlapStart);
      out += start >= from && end <= to ? `\${${piece.variable}}` : REDACTED;
      cursor = overlapEnd;
    }
    out += sent.slice(cursor, end);
  }
  return out;
}
