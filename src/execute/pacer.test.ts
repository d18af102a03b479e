import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer.js';

/** Sends whenever the pacer allows, on a simulated clock, and returns the send times. */
function simulate(pacer: Pacer, clock: { t: number }, requests: number, tokens: (i: number) => number, until = 10_000): number[] {
  const times: number[] = [];
  for (let i = 0; i < requests && clock.t <= until; ) {
    const wait = pacer.delay(tokens(i));
    if (wait > 0) {
      clock.t += wait;
      continue;
    }
    expect(pacer.take(tokens(i))).toBeDefined();
    times.push(clock.t);
    i++;
  }
  return times;
}

function maxInWindow(times: number[], weights: number[] = times.map(() => 1)): number {
  let max = 0;
  for (let i = 0; i < times.length; i++) {
    let sum = 0;
    for (let j = i; j < times.length && times[j]! < times[i]! + 1000; j++) sum += weights[j]!;
    max = Math.max(max, sum);
  }
  return max;
}

describe('Pacer', () => {
  it('spaces requests evenly and never lets more than ceil(rpm/60) into one second', () => {
    const clock = { t: 0 };
    const times = simulate(new Pacer({ rpm: 600 }, () => clock.t), clock, 40, () => 0);
    expect(times.slice(0, 4)).toEqual([0, 100, 200, 300]);
    expect(maxInWindow(times)).toBe(10);
    // 130 rpm: ceil(130/60) = 3 a second, spaced 462 ms apart.
    const slow = { t: 0 };
    const slowTimes = simulate(new Pacer({ rpm: 130 }, () => slow.t), slow, 20, () => 0);
    expect(maxInWindow(slowTimes)).toBeLessThanOrEqual(3);
  });

  it('holds tokens to ceil(tpm/60) a second, lets an oversized request go alone, and follows corrections', () => {
    const clock = { t: 0 };
    const pacer = new Pacer({ tpm: 6000 }, () => clock.t); // 100 tokens a second
    const sizes = [40, 40, 40, 250, 40, 40];
    const times = simulate(pacer, clock, sizes.length, (i) => sizes[i]!);
    expect(maxInWindow(times.slice(0, 3), sizes.slice(0, 3))).toBeLessThanOrEqual(100);
    // The 250-token request went once the window was empty, and held the next back 2.5 s.
    expect(times[4]! - times[3]!).toBeGreaterThanOrEqual(2500);

    const fresh = { t: 0 };
    const corrected = new Pacer({ tpm: 6000 }, () => fresh.t);
    const ticket = corrected.take(90)!;
    expect(corrected.delay(50)).toBeGreaterThan(0);
    corrected.correct(ticket, 20);
    fresh.t = 200;
    expect(corrected.delay(50)).toBe(0);
  });
});
