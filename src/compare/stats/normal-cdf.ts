// The standard normal distribution function, for the score test in paired-noninferiority.ts.
//
// W. J. Cody's rational Chebyshev approximations (ACM TOMS Algorithm 715, SPECFUN), the
// algorithm behind R's pnorm: three ranges, about 1e-16 relative accuracy, the lower tail
// computed directly (not as 1 - upper) so p-values far below 1e-16 keep their digits.
//
// Cody, W. J. (1993). Algorithm 715: SPECFUN. ACM Transactions on Mathematical Software 19(1), 22-32.

const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711, 6848.1904505362823326,
  11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091, 34900.952721145977266,
  38912.003286093271411, 19685.429676859990727,
];
const P = [
  0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303,
];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;

/** P(Z <= z) for a standard normal Z. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('normalCdf: z is NaN');
  const y = Math.abs(z);
  if (y <= 0.67448975) {
    const zsq = z * z;
    let num = A[4]! * zsq;
    let den = zsq;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]!) * zsq;
      den = (den + B[i]!) * zsq;
    }
    return 0.5 + (z * (num + A[3]!)) / (den + B[3]!);
  }
  let ratio: number;
  if (y <= SQRT_32) {
    let num = C[8]! * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]!) * y;
      den = (den + D[i]!) * y;
    }
    ratio = (num + C[7]!) / (den + D[7]!);
  } else {
    if (y > 40) return z > 0 ? 1 : 0; // the lower tail is below 1e-349 there
    const ysq = 1 / (y * y);
    let num = P[5]! * ysq;
    let den = ysq;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]!) * ysq;
      den = (den + Q[i]!) * ysq;
    }
    ratio = (ONE_OVER_SQRT_2PI - (ysq * (num + P[4]!)) / (den + Q[4]!)) / y;
  }
  // exp(-y^2/2) split at a multiple of 1/16 so that the square loses no digits (Cody's trick).
  const ysplit = Math.trunc(y * 16) / 16;
  const rest = (y - ysplit) * (y + ysplit);
  const tail = Math.exp(-ysplit * ysplit * 0.5) * Math.exp(-rest * 0.5) * ratio;
  return z > 0 ? 1 - tail : tail;
}

/** P(Z >= z): the lower tail of -z, so tiny upper tails keep their digits too. */
export function normalUpperTail(z: number): number {
  return normalCdf(-z);
}
