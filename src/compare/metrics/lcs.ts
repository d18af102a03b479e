// Longest common subsequence of two strings of UTF-16 code units (the words of two outputs,
// interned by intern.ts): its length for ROUGE-L, and one optimal alignment for wordDiff.
//
// Why bit-parallel rather than jsdiff's diffArrays: the textbook LCS is O(n·m) and a pair of
// long unrelated outputs (20 KB each, ~4,000 words) would cost 16 million cell updates; jsdiff's
// Myers diff is O((n+m)·D), as slow when the texts are unrelated (about 6 ms for a typical pair
// of 2 KB answers from different models), and with a maxEditLength bound it gives up exactly
// there. The bit-parallel algorithm (Allison & Dix 1986; Crochemore et al. 2001; Hyyrö 2004) is
// exact and costs O(m·⌈n/32⌉) word operations whatever the texts: column j of the DP table is
// one bit vector V (bit i clear when L[i+1][j] = L[i][j] + 1), updated per symbol b_j as
//     U = V & M[b_j];  V = (V + U) | (V - U)
// where M[c] has bit i set when a_i = c. U's bits are a subset of V's, so V - U = V & ~U and only
// the addition carries across 32-bit words. The LCS length is the number of zero bits of V.
//
// Match masks cost ⌈n/32⌉ words per distinct symbol of the shorter string. Up to a budget they
// are precomputed; past it (only texts of hundreds of kilobytes) the most frequent symbols keep
// a precomputed mask and the others are built per row from their positions, which bounds memory
// without changing the result.

const DENSE_BUDGET = 1 << 22;
const NO_SLOT = -1;
// Symbol -> slot for the call in progress, reset on the way out (as fastest-levenshtein does
// with its table), so a call allocates nothing proportional to the alphabet.
const slotOf = new Int32Array(0x10000).fill(NO_SLOT);

/** `denseBudget`: words of precomputed masks allowed (tests lower it to exercise the per-row path). */
export function lcsLength(x: string, y: string, denseBudget = DENSE_BUDGET): number {
  const [a, b] = x.length <= y.length ? [x, y] : [y, x];
  if (a.length === 0) return 0;
  return withMasks(a, denseBudget, (masks) => {
    const v = new Int32Array(masks.words).fill(-1);
    for (let j = 0; j < b.length; j++) masks.advance(v, 0, b.charCodeAt(j));
    // Bits past n start as ones and stay ones (U is zero there), so every zero bit is a match.
    let ones = 0;
    for (let k = 0; k < masks.words; k++) ones += popcount(v[k]!);
    return masks.words * 32 - ones;
  });
}

export interface Alignment {
  /** Positions in x and y of the matched symbols, increasing: x[xs[k]] === y[ys[k]]. */
  xs: number[];
  ys: number[];
}

/**
 * One longest common subsequence, as matched positions. Keeps every column of the DP table as
 * a bit vector (⌈n/32⌉ words per symbol of the longer string), so callers bound the sizes.
 */
export function lcsAlignment(x: string, y: string): Alignment {
  const swapped = x.length > y.length;
  const [a, b] = swapped ? [y, x] : [x, y];
  const as: number[] = [];
  const bs: number[] = [];
  if (a.length > 0) {
    withMasks(a, DENSE_BUDGET, (masks) => {
      const words = masks.words;
      const columns = new Int32Array((b.length + 1) * words);
      columns.fill(-1, 0, words);
      for (let j = 1; j <= b.length; j++) {
        columns.copyWithin(j * words, (j - 1) * words, j * words);
        masks.advance(columns, j * words, b.charCodeAt(j - 1));
      }
      // Walk back from (n, m): a match is always on some optimal path; otherwise step to the
      // neighbour with the same LCS length (bit i-1 of column j set: L[i-1][j] = L[i][j]).
      let i = a.length;
      let j = b.length;
      while (i > 0 && j > 0) {
        if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
          as.push(--i);
          bs.push(--j);
        } else if ((columns[j * words + ((i - 1) >>> 5)]! >>> ((i - 1) & 31)) & 1) {
          i--;
        } else {
          j--;
        }
      }
    });
  }
  as.reverse();
  bs.reverse();
  return swapped ? { xs: bs, ys: as } : { xs: as, ys: bs };
}

interface Masks {
  words: number;
  /** One DP column step: the column at v[offset..] becomes the one after symbol `code`. */
  advance(v: Int32Array, offset: number, code: number): void;
}

function withMasks<T>(a: string, budget: number, use: (masks: Masks) => T): T {
  const symbols: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    let slot = slotOf[c]!;
    if (slot === NO_SLOT) {
      slot = symbols.length;
      slotOf[c] = slot;
      symbols.push(c);
      counts.push(0);
    }
    counts[slot]!++;
  }
  try {
    return use(buildMasks(a, symbols, counts, budget));
  } finally {
    for (const c of symbols) slotOf[c] = NO_SLOT;
  }
}

function buildMasks(a: string, symbols: number[], counts: number[], budget: number): Masks {
  const n = a.length;
  const words = (n + 31) >>> 5;
  // The most frequent symbols get precomputed masks: they would be the costliest to build per row.
  const order = symbols.map((_, slot) => slot).sort((p, q) => counts[q]! - counts[p]!);
  const denseSlots = Math.min(symbols.length, Math.floor(budget / words));
  const denseIndex = new Int32Array(symbols.length).fill(NO_SLOT);
  for (let r = 0; r < denseSlots; r++) denseIndex[order[r]!] = r;
  // The dense masks end to end, then one scratch mask that sparse symbols are written into.
  const bits = new Int32Array((denseSlots + 1) * words);
  const scratch = denseSlots * words;

  // Positions of every symbol grouped by slot (CSR layout), for building sparse masks.
  const start = new Int32Array(symbols.length + 1);
  for (let s = 0; s < symbols.length; s++) start[s + 1] = start[s]! + counts[s]!;
  const fill = start.slice(0, symbols.length);
  const positions = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const slot = slotOf[a.charCodeAt(i)]!;
    positions[fill[slot]!++] = i;
    const d = denseIndex[slot]!;
    if (d !== NO_SLOT) bits[d * words + (i >>> 5)]! |= 1 << (i & 31);
  }

  const setSparse = (slot: number, on: boolean) => {
    for (let p = start[slot]!; p < start[slot + 1]!; p++) {
      const at = scratch + (positions[p]! >>> 5);
      bits[at] = on ? bits[at]! | (1 << (positions[p]! & 31)) : 0;
    }
  };

  return {
    words,
    advance(v, offset, code) {
      const slot = slotOf[code]!;
      if (slot === NO_SLOT) return; // M = 0 leaves V unchanged
      const d = denseIndex[slot]!;
      if (d === NO_SLOT) setSparse(slot, true);
      const at = d === NO_SLOT ? scratch : d * words;
      let carry = 0;
      for (let k = 0; k < words; k++) {
        const vk = v[offset + k]!;
        const u = vk & bits[at + k]!;
        if (u === 0 && carry === 0) continue; // V + 0 | V = V
        const sum = (vk >>> 0) + (u >>> 0) + carry;
        carry = sum > 0xffffffff ? 1 : 0;
        v[offset + k] = sum | (vk & ~u);
      }
      if (d === NO_SLOT) setSparse(slot, false);
    },
  };
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
