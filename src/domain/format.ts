// How numbers read wherever pinned prints them: the terminal, the reports and error messages.

/** A rate as a percentage: whole numbers from 10%, one decimal below ("4.5%"). */
export function pct(rate: number): string {
  const value = rate * 100;
  return `${value >= 10 || value === 0 ? value.toFixed(0) : value.toFixed(1)}%`;
}

/** A confidence level as people write it: 95%, 99.9%, 99.999% (pct would round 0.999 up to 100%). */
export function confidencePct(confidence: number): string {
  const value = confidence * 100;
  // The fewest decimals that say it exactly: 0.9999999 is 99.99999%, never 100%.
  for (let digits = 0; digits < 12; digits++) {
    const shown = value.toFixed(digits);
    if (Math.abs(Number(shown) - value) < 1e-9) return `${shown}%`;
  }
  return `${value}%`;
}

export function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(2);
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** "1 case", "3 cases": the count and the noun, plural unless the count is exactly one. */
export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : many}`;
}
