// Upper tail of the standard normal, for the Wilcoxon test's normal approximation.
//
// Written here rather than imported for the same reason as ../stats/normal-quantile.ts: one
// function does not justify a statistics package. This is Hart's (1968) algorithm 5666 in the
// form given by West (2005): relative error under 1e-8 even at z = 8 (measured in the tests
// against R's pnorm and against normalQuantile, its inverse, written independently), far finer
// than the two significant digits a p-value is reported with.
//
// West, G. (2005). Better approximations to cumulative normal functions. Wilmott Magazine, 70-76.

/** P(Z >= z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const lower = lowerTailOfMinusAbs(Math.abs(z)); // P(Z <= -|z|), computed without cancellation
  return z >= 0 ? lower : 1 - lower;
}

/** P(Z <= z). */
export function normalCdf(z: number): number {
  return normalUpperTail(-z);
}

function lowerTailOfMinusAbs(x: number): number {
  if (x > 37) return 0;
  const e = Math.exp((-x * x) / 2);
  if (x < 7.07106781186547) {
    let num = 3.52624965998911e-2 * x + 0.700383064443688;
    num = num * x + 6.37396220353165;
    num = num * x + 33.912866078383;
    num = num * x + 112.079291497871;
    num = num * x + 221.213596169931;
    num = num * x + 220.206867912376;
    let den = 8.83883476483184e-2 * x + 1.75566716318264;
    den = den * x + 16.064177579207;
    den = den * x + 86.7807322029461;
    den = den * x + 296.564248779674;
    den = den * x + 637.333633378831;
    den = den * x + 793.826512519948;
    den = den * x + 440.413735824752;
    return (e * num) / den;
  }
  // Far tail: a continued fraction.
  let b = x + 0.65;
  b = x + 4 / b;
  b = x + 3 / b;
  b = x + 2 / b;
  b = x + 1 / b;
  return e / b / 2.506628274631;
}
