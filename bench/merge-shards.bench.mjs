// Issue 6: pinned merge of 8 shard databases of 2,500 cases each (case ids picked so every shard
// gets exactly that many), a baseline with two samples and one candidate, replayed from
// recordings so no server is needed.
import { join } from 'node:path';
import { print, project, runCli } from './lib.mjs';
import { shardOf } from '../dist/plan/shard.js';

const SHARDS = 8;
const PER_SHARD = Number(process.env.BENCH_MERGE_CASES_PER_SHARD ?? 2_500);

export async function run() {
  const sizes = new Array(SHARDS).fill(0);
  const rows = [];
  for (let i = 0; rows.length < SHARDS * PER_SHARD; i++) {
    const shard = shardOf(`case-${i}`, SHARDS) - 1;
    if (sizes[shard] === PER_SHARD) continue;
    sizes[shard]++;
    rows.push({ id: `case-${i}`, prompt: `Question ${i}: summarise the refund policy for order ${i}.` });
  }
  const CASES = rows.length;
  const recording = (model) =>
    rows
      .flatMap((row) =>
        [0, 1].map((sample) =>
          JSON.stringify({ case: row.id, sample, output: `${model} answer ${sample} to ${row.prompt} `.repeat(8), model }),
        ),
      )
      .join('\n');
  const cwd = project({
    'suite.yaml': [
      'name: merge-bench',
      'baseline: base',
      'candidates: [cand]',
      'targets:',
      '  base: { replay: base.jsonl, samples: 2 }',
      '  cand: { replay: cand.jsonl }',
      'cases:',
      '  - file: cases.jsonl',
      '',
    ].join('\n'),
    'cases.jsonl': rows.map((row) => JSON.stringify(row)).join('\n'),
    'base.jsonl': recording('gpt-4-0314'),
    'cand.jsonl': recording('gpt-4.1'),
  });
  const shards = [];
  for (let index = 1; index <= SHARDS; index++) {
    const db = `shard-${index}.db`;
    const shard = await runCli(['run', 'suite.yaml', '--shard', `${index}/${SHARDS}`, '--db', db, '--no-progress'], { cwd });
    if (shard.code !== 0) throw new Error(`shard ${index} failed (${shard.code}):\n${shard.stderr}`);
    shards.push({ db, seconds: shard.seconds });
  }
  const merged = await runCli(['merge', 'merged.db', ...shards.map((s) => s.db)], { cwd });
  if (merged.code !== 0) throw new Error(`merge failed (${merged.code}):\n${merged.stderr}`);
  const cells = Number(/(\d+)\/\d+ cells done/.exec(merged.stdout)?.[1] ?? NaN);
  const version = await runCli(['--version']);
  print(
    `pinned merge: ${SHARDS} shards of ${PER_SHARD.toLocaleString()} cases (${Math.round(cells / SHARDS).toLocaleString()} cells) each, ${CASES.toLocaleString()} cases in all`,
    [
      ['one shard run (replay), mean wall time', `${(shards.reduce((sum, s) => sum + s.seconds, 0) / SHARDS).toFixed(2)} s`],
      ['merge wall time, whole command', `${merged.seconds.toFixed(2)} s (start-up alone ${(version.seconds * 1000).toFixed(0)} ms)`],
      ['cells merged', `${cells.toLocaleString()} (${Math.round(cells / merged.seconds).toLocaleString()} cells/s)`],
      ['merge peak RSS', `${merged.peakRssMb.toFixed(0)} MB`],
      ['merged database', join(cwd, 'merged.db')],
    ],
  );
}
