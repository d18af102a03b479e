// Issue 11: how often `pinned verify` calls a genuine gpt-4-0314 endpoint inconsistent (false
// positives), and how often it catches a later snapshot served under that name (power), at
// K = 20, 50 and 100 prompts, over many random draws of prompts from alpaca_eval (every
// snapshot sampled at temperature 0.7 on the same prompts). Reads the built pure layer in
// dist/compare/verify; the figures quoted by verify's own words (src/compare/verify/
// catch-rates.ts) come from this output.
//
// What the corpus can and cannot measure. It has two independent gpt-4-0314 samples per prompt
// (outputs, outputs_alt) and one sample of each later snapshot.
// - Power, both tests: recordings = [outputs, outputs_alt], endpoint = the later snapshot.
//   Printed again with the recordings' roles swapped (anchor outputs_alt), since which sample
//   anchors the similarity is arbitrary.
// - False positives of the style test: endpoint = outputs_alt against recording = outputs, and
//   the other way round; also within each prompt category, because a test calibrated on one mix
//   of prompts is known to fail on another. Each prompt has one pair of genuine samples, so
//   redrawing prompts measures the rate conditional on those pairs: draws of 20 from a category
//   of 62 prompts overlap so much that they mostly repeat one verdict on that category's pairs,
//   which is why the whole category's own p-value is printed beside the rate. The test's level
//   under exchangeability is exact by construction and checked by simulation in
//   src/compare/verify/sign-flip.test.ts and verify-endpoint.test.ts.
// - False positives of the paired test: not measurable here. With the genuine second sample as
//   the endpoint, the test needs a third independent genuine sample as its second recording,
//   and the corpus has two. Its level follows from exchangeability (a genuine answer and a
//   second recording are two draws of one distribution, so d is symmetric about 0) and is
//   checked by simulation in src/compare/verify/paired-test.test.ts; the combined decision's by
//   verify-endpoint.test.ts. Nothing here can check exchangeability itself for a real endpoint.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { print, root, startServer } from './lib.mjs';
import { drawPrompts } from '../dist/compare/verify/draw-prompts.js';
import { tokenize } from '../dist/compare/metrics/tokenize.js';
import { pairedTest } from '../dist/compare/verify/paired-test.js';
import { verifyEndpoint } from '../dist/compare/verify/verify-endpoint.js';

const SNAPSHOT = 'gpt-4-0314';
const KS = [20, 50, 100];
const DRAWS = Number(process.env.PINNED_VERIFY_DRAWS ?? 200);
const ALPHA = 0.05;
const SETTINGS = { temperature: 0.7 };

export async function run() {
  const corpus = process.env.PINNED_CORPUS_DIR ?? join(root, '../shared/corpus');
  const file = join(corpus, 'alpaca_eval.jsonl');
  if (!existsSync(file)) {
    print('verify', [['skipped', `no corpus at ${corpus} (set PINNED_CORPUS_DIR)`]]);
    return;
  }
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const snapshots = Object.keys(rows[0].outputs).filter(
    (name) => name !== SNAPSHOT && rows.every((row) => row.outputs[name] !== undefined),
  );
  const ids = rows.map((row) => row.id);
  const started = performance.now();
  let verifications = 0;

  const verify = (draw, seed, answer, recordings) => {
    verifications++;
    return verifyEndpoint({
      snapshot: SNAPSHOT,
      prompts: draw.map((id) => ({ id, recordings: recordings(byId.get(id)), answers: [answer(byId.get(id))] })),
      reference: SETTINGS,
      request: SETTINGS,
      alpha: ALPHA,
      seed,
    });
  };
  const rejects = (p) => p < ALPHA / 2;
  const tokenCache = new Map();
  const tokens = (id, name) => {
    const key = `${id}\u0000${name}`;
    if (!tokenCache.has(key))
      tokenCache.set(key, tokenize(name === 'alt' ? byId.get(id).outputs_alt[SNAPSHOT] : byId.get(id).outputs[name]));
    return tokenCache.get(key);
  };
  const first = (row) => row.outputs[SNAPSHOT];
  const second = (row) => row.outputs_alt[SNAPSHOT];

  // power[snapshot][k] = { both, style, paired, swapped } counts of rejections
  const power = Object.fromEntries(
    snapshots.map((s) => [s, Object.fromEntries(KS.map((k) => [k, { both: 0, style: 0, paired: 0, swapped: 0 }]))]),
  );
  const nulls = Object.fromEntries(KS.map((k) => [k, { altAsEndpoint: 0, firstAsEndpoint: 0 }]));
  for (let d = 0; d < DRAWS; d++) {
    // One draw per seed; K = 20 and 50 are prefixes of the K = 100 draw (drawPrompts), like a
    // user raising --prompts with the same --seed.
    const all = drawPrompts(ids, { k: Math.max(...KS), seed: d });
    for (const k of KS) {
      const draw = all.slice(0, k);
      const alt = verify(draw, d, second, (row) => [first(row)]);
      if (rejects(alt.style.pValue)) nulls[k].altAsEndpoint++;
      const flipped = verify(draw, d, first, (row) => [second(row)]);
      if (rejects(flipped.style.pValue)) nulls[k].firstAsEndpoint++;
      for (const snapshot of snapshots) {
        const result = verify(
          draw,
          d,
          (row) => row.outputs[snapshot],
          (row) => [first(row), second(row)],
        );
        const cell = power[snapshot][k];
        if (result.outcome === 'inconsistent') cell.both++;
        if (rejects(result.style.pValue)) cell.style++;
        if (rejects(result.paired.pValue)) cell.paired++;
        const swapped = pairedTest(
          draw.map((id) => ({ endpoint: tokens(id, snapshot), first: tokens(id, 'alt'), second: tokens(id, SNAPSHOT) })),
        );
        if (rejects(swapped.result.pValue)) cell.swapped++;
      }
    }
  }

  const categories = [...new Set(rows.map((row) => row.category))].sort();
  const byCategory = categories.map((category) => {
    const inCategory = rows.filter((row) => row.category === category).map((row) => row.id);
    let rejected = 0;
    for (let d = 0; d < DRAWS; d++) {
      const result = verify(drawPrompts(inCategory, { k: 20, seed: d }), d, second, (row) => [first(row)]);
      if (rejects(result.style.pValue)) rejected++;
    }
    const whole = verify(inCategory, 0, second, (row) => [first(row)]).style.pValue;
    return [category, inCategory.length, rejected, whole];
  });
  const everything = verify(ids, 0, second, (row) => [first(row)]).style.pValue;
  const seconds = (performance.now() - started) / 1000;

  const pct = (count) => `${((100 * count) / DRAWS).toFixed(1)}%`.padStart(6);
  const lines = [
    [
      'corpus',
      `alpaca_eval: ${rows.length} prompts, ${snapshots.length} later snapshots, ${DRAWS} random draws per K (PINNED_VERIFY_DRAWS)`,
    ],
    ['decision', `inconsistent when either one-sided p < alpha/2 = ${ALPHA / 2}; style test with 9999 sign flips`],
    ['false positives, style test (genuine endpoint):', ''],
    ...KS.map((k) => [
      `  K = ${k}: outputs_alt vs outputs / outputs vs outputs_alt`,
      `${pct(nulls[k].altAsEndpoint)} / ${pct(nulls[k].firstAsEndpoint)}`,
    ]),
    ['  all 662 prompts at once: style p (outputs_alt vs outputs)', everything.toPrecision(2)],
    ['  within one category (draws overlap: see below):', 'K = 20 rejected | whole category p'],
    ...byCategory.map(([category, n, rejected, whole]) => [`    ${category} (${n} prompts)`, `${pct(rejected)} | ${whole.toPrecision(2)}`]),
    ['false positives, paired test', 'not measurable: needs a third genuine sample (see the comment at the top)'],
    ['power (share of draws rejected):', 'both tests | style alone | paired | paired, anchor swapped'],
  ];
  for (const snapshot of snapshots) {
    for (const k of KS) {
      const c = power[snapshot][k];
      lines.push([`  ${snapshot} K = ${k}`, `${pct(c.both)} | ${pct(c.style)} | ${pct(c.paired)} | ${pct(c.swapped)}`]);
    }
  }
  lines.push([
    'time',
    `${seconds.toFixed(0)} s for ${verifications} verifications (${((1000 * seconds) / verifications).toFixed(1)} ms each)`,
  ]);
  print('verify: false positives and power (alpaca_eval)', lines);
  // For src/compare/verify/catch-rates.ts.
  const rates = KS.map((k) => ({
    k,
    bothTests: Object.fromEntries(snapshots.map((s) => [s, round(power[s][k].both / DRAWS)])),
    styleOnly: Object.fromEntries(snapshots.map((s) => [s, round(power[s][k].style / DRAWS)])),
  }));
  console.log(`\n  catch rates as JSON (draws ${DRAWS}): ${JSON.stringify(rates)}`);

  await throughServer(file, rows, snapshots);
}

/**
 * The same verification end to end over HTTP for one draw of K = 50: the test server answers
 * "gpt-4-0314" from the recordings of the genuine second sample (x-sample: 1 picks outputs_alt)
 * or of a later snapshot (serveAs), and the answers that come back are verified.
 */
async function throughServer(file, rows, snapshots) {
  const server = await startServer(['--recordings', file]);
  const lines = [];
  try {
    const byId = new Map(rows.map((row) => [row.id, row]));
    const draw = drawPrompts([...byId.keys()], { k: 50, seed: 2026 });
    for (const served of ['gpt-4-0314 (second sample)', ...snapshots]) {
      const genuine = served.startsWith(SNAPSHOT);
      await server.configure({ serveAs: genuine ? {} : { [SNAPSHOT]: served } });
      const started = performance.now();
      const answers = await mapLimit(draw, 8, async (id) => {
        const res = await fetch(`${server.url}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(genuine ? { 'x-sample': '1' } : {}) },
          body: JSON.stringify({ model: SNAPSHOT, messages: byId.get(id).messages, temperature: 0.7 }),
        });
        const body = await res.json();
        if (res.status !== 200 || body.model !== SNAPSHOT)
          throw new Error(`test server answered ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        return body.choices[0].message.content;
      });
      const ms = performance.now() - started;
      const result = verifyEndpoint({
        snapshot: SNAPSHOT,
        prompts: draw.map((id, i) => {
          const row = byId.get(id);
          return {
            id,
            recordings: genuine ? [row.outputs[SNAPSHOT]] : [row.outputs[SNAPSHOT], row.outputs_alt[SNAPSHOT]],
            answers: [answers[i]],
          };
        }),
        reference: SETTINGS,
        request: SETTINGS,
        seed: 2026,
      });
      const paired = result.paired ? `paired p ${result.paired.pValue.toPrecision(2)}` : 'paired -';
      lines.push([
        `  ${served}`,
        `${result.outcome.padEnd(25)} ${paired}, style p ${result.style.pValue.toPrecision(2)} (50 requests in ${ms.toFixed(0)} ms)`,
      ]);
    }
  } finally {
    await server.stop();
  }
  print('verify over HTTP: the test server serving recordings as gpt-4-0314 (one draw, K = 50, seed 2026)', lines);
}

async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

function round(x) {
  return Math.round(x * 1000) / 1000;
}
