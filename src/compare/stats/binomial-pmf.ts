// Binomial probabilities by Loader's saddle-point expansion, the method of R's dbinom.
//
// The textbook log-space form, lgamma(n+1) - lgamma(k+1) - lgamma(n-k+1) + ..., subtracts
// numbers near 1e6 when n = 100,000 and so keeps only about 1e-10 of relative accuracy. Loader
// rewrites the same quantity as small corrections (stirlerr) and deviance terms (bd0) that never
// cancel, which holds about 1e-15 at any n.
//
// Loader, C. (2000). Fast and Accurate Computation of Binomial Probabilities. (The note behind
// R's src/nmath/dbinom.c, stirlerr.c and bd0.c, which this follows.)

const LN_2PI = Math.log(2 * Math.PI);
const LN_SQRT_2PI = 0.5 * LN_2PI;

/** n! for n <= 15 is an exact double (15! < 2^53), so its log is correctly rounded. */
function factorial(n: number): number {
  let result = 1;
  for (let i = 2; i <= n; i++) result *= i;
  return result;
}

/**
 * The error of Stirling's formula, log(n!) - log(sqrt(2 pi n) (n/e)^n), for an integer n >= 1.
 * Up to 15 it is computed directly from the exact factorial; above, by the asymptotic series
 * 1/(12n) - 1/(360n^3) + 1/(1260n^5) - 1/(1680n^7) + 1/(1188n^9), cut where R cuts it (the next
 * term is below 1e-16 at those thresholds).
 */
function stirlerr(n: number): number {
  if (n <= 15) return Math.log(factorial(n)) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  const S0 = 1 / 12;
  const S1 = 1 / 360;
  const S2 = 1 / 1260;
  const S3 = 1 / 1680;
  const S4 = 1 / 1188;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/**
 * The deviance term x log(x / np) + np - x, which is tiny when x is near np and then cancels
 * badly if computed as written; there a series in v = (x - np) / (x + np) is used instead.
 */
function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let sum = (x - np) * v;
    let ej = 2 * x * v;
    v = v * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const next = sum + ej / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / np) + np - x;
}

/** log P(X = x) for X ~ Bin(n, p); integer 0 <= x <= n and 0 < p < 1 (callers handle the rest). */
export function logBinomialPmf(x: number, n: number, p: number): number {
  const q = 1 - p;
  // At the ends the pmf is a plain power; log1p keeps (1 - p)^n accurate for small p.
  if (x === 0) return n * Math.log1p(-p);
  if (x === n) return n * Math.log(p);
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return lc - 0.5 * lf;
}
