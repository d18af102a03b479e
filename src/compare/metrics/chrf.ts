// chrF (Popović 2015) exactly as sacreBLEU 2.x computes a sentence score with its defaults
// (CHRF(char_order=6, word_order=0, beta=2, lowercase=False, whitespace=False,
// eps_smoothing=False)), scaled to 0..1 instead of 0..100:
//   1. remove all whitespace (Python's str.split() set, which differs from JS \s);
//   2. for n = 1..order, count the character n-grams (code points, not UTF-16 units) of each
//      side; matches(n) = sum over n-grams of min(count in candidate, count in baseline);
//   3. over the "effective" orders, those where both sides have at least one n-gram, average
//      precision matches(n)/candidate n-grams and recall matches(n)/baseline n-grams;
//   4. F-beta of the two averages: (1 + b²)·P·R / (b²·P + R); 0 when P + R = 0 or no order is
//      effective.
// One departure: two texts with nothing but whitespace score 1 here (sacreBLEU: 0), so that
// identical outputs always score 1. chrF is case-sensitive, like sacreBLEU; pairMetrics passes it
// normalizeText output, which makes it the lowercase variant.
//
// No maintained npm package implements chrF, so it is written here. Counting n-grams with string
// keys in a Map costs ~12,000 substring allocations per 2 KB pair; instead each n-gram gets an
// integer id from the id of its (n-1)-gram prefix and its last character, through an
// open-addressing table, which is exact and allocates per call only typed arrays.

export interface ChrFOptions {
  /** Maximum character n-gram order (sacreBLEU char_order). Default 6. */
  order?: number;
  /** Weight of recall relative to precision. Default 2. */
  beta?: number;
}

export function chrF(candidate: string, baseline: string, options: ChrFOptions = {}): number {
  const order = options.order ?? 6;
  const beta = options.beta ?? 2;
  const hyp = codePoints(candidate);
  const ref = codePoints(baseline);
  if (hyp.length === 0 && ref.length === 0) return 1;
  const stats = ngramStatistics(hyp, ref, order);

  let precisionSum = 0;
  let recallSum = 0;
  let effective = 0;
  for (let i = 0; i < order; i++) {
    const hypCount = stats[3 * i]!;
    const refCount = stats[3 * i + 1]!;
    const matches = stats[3 * i + 2]!;
    if (hypCount > 0 && refCount > 0) {
      precisionSum += matches / hypCount;
      recallSum += matches / refCount;
      effective++;
    }
  }
  if (effective === 0) return 0;
  const precision = precisionSum / effective;
  const recall = recallSum / effective;
  if (precision + recall === 0) return 0;
  const b2 = beta * beta;
  return ((1 + b2) * precision * recall) / (b2 * precision + recall);
}

/** The code points of `text` minus whitespace, as Python's ''.join(text.split()) leaves them. */
function codePoints(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    if (c > 0xffff) i++;
    if (!isPythonSpace(c)) out.push(c);
  }
  return out;
}

// str.isspace(): \t..\r, \x1c..\x1f, space, \x85, NBSP, U+1680, U+2000..U+200A, U+2028, U+2029,
// U+202F, U+205F, U+3000. Not U+FEFF, which JS's \s includes.
function isPythonSpace(c: number): boolean {
  if (c <= 0x20) return c >= 0x1c || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** [candidate n-grams, baseline n-grams, matches] for n = 1..order, flattened. */
function ngramStatistics(hyp: number[], ref: number[], order: number): number[] {
  const h = hyp.length;
  const r = ref.length;
  const table = new PairTable(Math.max(h, 1));
  // ids[i]: id of the current-order n-gram starting at position i of the candidate (0..h-1) or
  // the baseline (h..h+r-1), or DEAD once that n-gram occurs on one side only: every longer
  // n-gram starting there then occurs on one side only too, so it is counted but never matched.
  const ids = new Int32Array(h + r);
  const hypCounts = new Int32Array(Math.max(h, 1));
  const refCounts = new Int32Array(Math.max(h, 1));
  const stats: number[] = [];

  for (let n = 1; n <= order; n++) {
    const hypGrams = Math.max(h - n + 1, 0);
    const refGrams = Math.max(r - n + 1, 0);
    table.clear();
    let distinct = 0;
    // Candidate n-grams get ids: (id of the (n-1)-gram at i, last character) -> id.
    for (let i = 0; i < hypGrams; i++) {
      if (ids[i] === DEAD) continue;
      const id = table.idOf(n === 1 ? NO_PREFIX : ids[i]!, hyp[i + n - 1]!, distinct);
      if (id === distinct) hypCounts[distinct++] = 0;
      hypCounts[id]!++;
      ids[i] = id;
    }
    refCounts.fill(0, 0, distinct);
    // Baseline n-grams only look ids up: one the candidate lacks can never match.
    let matches = 0;
    for (let i = 0; i < refGrams; i++) {
      const at = h + i;
      if (ids[at] === DEAD) continue;
      const id = table.find(n === 1 ? NO_PREFIX : ids[at]!, ref[i + n - 1]!);
      ids[at] = id;
      if (id === DEAD) continue;
      if (refCounts[id]! < hypCounts[id]!) matches++;
      refCounts[id]!++;
    }
    for (let i = 0; i < hypGrams; i++) if (ids[i] !== DEAD && refCounts[ids[i]!] === 0) ids[i] = DEAD;
    stats.push(hypGrams, refGrams, matches);
  }
  return stats;
}

const EMPTY = -1;
const NO_PREFIX = -2;
const DEAD = -1;

/**
 * (prefix id, character) -> n-gram id, open addressing with linear probing. Each slot's three
 * fields sit side by side in one array so that a probe touches one cache line.
 */
class PairTable {
  private readonly slots: Int32Array;
  private readonly shift: number;
  private readonly mask: number;

  constructor(entries: number) {
    let bits = 4;
    while (1 << bits < entries * 2) bits++;
    this.slots = new Int32Array(4 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
  }

  clear(): void {
    this.slots.fill(EMPTY);
  }

  /** The id stored for the pair, or `fresh` after storing it. */
  idOf(prefix: number, char: number, fresh: number): number {
    const slots = this.slots;
    for (let slot = this.slotOf(prefix, char); ; slot = (slot + 1) & this.mask) {
      const at = slot << 2;
      const stored = slots[at]!;
      if (stored === EMPTY) {
        slots[at] = prefix;
        slots[at + 1] = char;
        slots[at + 2] = fresh;
        return fresh;
      }
      if (stored === prefix && slots[at + 1] === char) return slots[at + 2]!;
    }
  }

  /** The id stored for the pair, or DEAD. */
  find(prefix: number, char: number): number {
    const slots = this.slots;
    for (let slot = this.slotOf(prefix, char); ; slot = (slot + 1) & this.mask) {
      const at = slot << 2;
      const stored = slots[at]!;
      if (stored === EMPTY) return DEAD;
      if (stored === prefix && slots[at + 1] === char) return slots[at + 2]!;
    }
  }

  private slotOf(prefix: number, char: number): number {
    // Fibonacci hashing: the top bits of the product mix every bit of the pair.
    return Math.imul(Math.imul(prefix, 0x01000193) ^ char, 0x9e3779b1) >>> this.shift;
  }
}
