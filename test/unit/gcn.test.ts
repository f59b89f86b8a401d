/** GCN predictor: custom gradients, padding-independent batching, training, determinism, persistence. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { architectureSizes, sizeReference } from '../../src/core/descriptors';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/core/backend';
import { EncoderMismatchError, type EncoderMeta } from '../../src/core/encoder';
import { loadDataSpec, type LabelledSpace } from '../../src/core/data';
import { spearman } from '../../src/core/metrics';
import { labelledSizes } from '../../src/core/data/sizes';
import {
  SENTENCE_ONLY_HYPER,
  constMatMul, dense, GcnPredictor, prepareGraph, trainGcn, trainInWorker, TrainingCancelled, DEFAULT_HYPER,
} from '../../src/core/gcn';
import { dataDir, NO_DATA_MESSAGE, projectRoot } from '../../src/core/paths';
import { createRng } from '../../src/core/random';
import { getSpace, nb201Space } from '../../src/core/spaces';
import type { DartsCell, OpGraph, Operator, Rng } from '../../src/core/types';

const D = 16;
const ENC: EncoderMeta = { id: 'synthetic', dimension: D, weightsHash: 'f'.repeat(64) };
const tmp = mkdtempSync(join(tmpdir(), 'tgnas-gcn-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

/** Synthetic space: random DAGs over 4 operators; accuracy = weighted op count on input->output paths + noise. */
const OPS: Operator[] = [
  { name: 'input', description: 'Input', kind: 'io' },
  { name: 'output', description: 'Output', kind: 'io' },
  { name: 'good', description: 'good op', kind: 'conv' },
  { name: 'ok', description: 'ok op', kind: 'conv' },
  { name: 'bad', description: 'bad op', kind: 'pool' },
  { name: 'zero', description: 'zero op', kind: 'none' },
];
const VALUE: Record<string, number> = { good: 3, ok: 1.5, bad: 0.5, zero: 0 };

function randomGraph(rng: Rng, n: number): OpGraph {
  const names = ['good', 'ok', 'bad', 'zero'];
  const ops = ['input', ...Array.from({ length: n - 2 }, () => names[rng.int(4)]), 'output'];
  const adj = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j === i + 1 || (j > i && rng.next() < 0.3) ? 1 : 0)));
  return { ops, adj };
}

function syntheticSpace(count: number, seed: number): LabelledSpace {
  const rng = createRng(seed);
  const graphs = Array.from({ length: count }, () => [randomGraph(rng, 3 + rng.int(5))]);
  const labels = Float64Array.from(graphs, ([g]) => g.ops.reduce((s, op) => s + (VALUE[op] ?? 0), 0) + rng.next() * 0.5);
  return { space: 'synthetic', label: 'synthetic', operators: new Map(OPS.map((o) => [o.name, o])), graphs, tasks: [{ name: 't', description: 'synthetic', labels }] };
}

function embeddings(seed = 1): Map<string, Float32Array> {
  const rng = createRng(seed);
  return new Map(OPS.map((o) => [o.description, Float32Array.from({ length: D }, () => rng.next() * 2 - 1)]));
}

const describe = (op: string) => OPS.find((o) => o.name === op)?.description;

test('custom-grad dense and constMatMul give the stock autograd gradients', async () => {
  await initBackend();
  const rng = createRng(7);
  const rand = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => rng.next() - 0.5), shape);
  const x = rand([5, 4]);
  const w = rand([4, 3]);
  const a = rand([2, 5, 5]);
  const h = rand([2, 5, 3]);
  const f1 = (fn: (x: tf.Tensor, w: tf.Tensor) => tf.Tensor) => tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.square(fn(xx, ww))))([x, w]);
  const [gx1, gw1] = f1(dense);
  const [gx2, gw2] = f1((p, q) => tf.matMul(p, q));
  const at = tf.transpose(a, [0, 2, 1]);
  const gh1 = tf.grad((hh: tf.Tensor) => tf.sum(tf.square(constMatMul(a, at, hh))))(h);
  const gh2 = tf.grad((hh: tf.Tensor) => tf.sum(tf.square(tf.matMul(a, hh))))(h);
  for (const [p, q] of [[gx1, gx2], [gw1, gw2], [gh1, gh2]]) {
    const d = tf.max(tf.abs(tf.sub(p, q))).dataSync()[0];
    assert.ok(d < 1e-6, `gradient differs by ${d}`);
  }
  tf.dispose([x, w, a, h, at, gx1, gx2, gw1, gw2, gh1, gh2]);
});

test('tensor preparation: transposed adjacency, self-loops, global node (tgnas-method §2)', () => {
  const g = nb201Space.toGraphs({ kind: 'nb201', ops: ['nor_conv_3x3', 'none', 'skip_connect', 'avg_pool_3x3', 'nor_conv_1x1', 'nor_conv_3x3'] })[0];
  const p = prepareGraph(g, () => 0, 'none');
  const m = 9;
  assert.equal(p.n, 8);
  for (let v = 0; v < m; v++) assert.equal(p.agg[v * m + v], 1);
  for (let v = 0; v < 8; v++) assert.equal(p.agg[8 * m + v], 1, 'global row sees every node');
  assert.equal(p.agg[3 * m + 1], 1, 'edge-op 1 (0>1) feeds edge-op 3 (1>2): row 3 lists 1');
  assert.equal(p.agg[1 * m + 3], 0);
  const mean = prepareGraph(g, () => 0, 'mean');
  for (let v = 0; v < m; v++) {
    let s = 0;
    for (let c = 0; c < m; c++) s += mean.agg[v * m + c];
    assert.ok(Math.abs(s - 1) < 1e-6);
  }
});

test('batched and single-graph inference agree (masked ghost nodes), for every norm', async () => {
  await initBackend();
  const rng = createRng(11);
  const graphs = Array.from({ length: 40 }, () => [randomGraph(rng, 2 + rng.int(9))]);
  for (const norm of ['layer', 'batch', 'none'] as const) {
    // Size inputs are z-scored against one fixed reference, as the proxy does with a space's reference sample.
    const reference = sizeReference(architectureSizes(graphs, describe));
    const p = GcnPredictor.create(ENC, embeddings(), { norm }, 5);
    const batched = p.scoreGraphs(graphs, describe, { reference });
    for (let i = 0; i < graphs.length; i += 7) {
      const single = p.scoreGraphs([graphs[i]], describe, { reference })[0];
      assert.ok(Math.abs(single - batched[i]) < 1e-5, `${norm}: graph ${i}: ${single} vs ${batched[i]}`);
    }
    p.dispose();
    // Multi-graph architectures (DARTS normal + reduce) score as the mean of their graphs (without size
    // inputs: those belong to the whole architecture).
    const q = GcnPredictor.create(ENC, embeddings(), { norm, ...SENTENCE_ONLY_HYPER }, 5);
    const each = q.scoreGraphs(graphs.slice(0, 2), describe);
    const two = q.scoreGraphs([[graphs[0][0], graphs[1][0]]], describe)[0];
    assert.ok(Math.abs(two - (each[0] + each[1]) / 2) < 1e-5);
    q.dispose();
  }
});

test('training on a synthetic task improves validation ranking; deterministic for a seed', async () => {
  const space = syntheticSpace(600, 2);
  const hyper = { epochs: 4, stepsPerEpoch: 25, batchSize: 32, hidden: 32, patience: 10 };
  const run = () => trainGcn([space], embeddings(), ENC, { hyper, seed: 3 });
  const a = await run();
  const first = a.history[0].val;
  const best = a.validation.mean;
  assert.ok(best > 0.8, `validation Spearman ${best}`);
  assert.ok(a.history[0].loss > a.history[a.history.length - 1].loss, 'training loss falls');
  assert.ok(best >= first);
  const b = await run();
  assert.deepEqual(b.history.map((h) => h.loss), a.history.map((h) => h.loss));
  const probe = space.graphs.slice(0, 50);
  assert.deepEqual(Array.from(b.predictor.scoreGraphs(probe, describe)), Array.from(a.predictor.scoreGraphs(probe, describe)));
  a.predictor.dispose();
  b.predictor.dispose();
});

test('save/load round trip gives identical scores; encoder mismatch is a clear error', async () => {
  await initBackend();
  const space = syntheticSpace(200, 4);
  const r = await trainGcn([space], embeddings(), ENC, { hyper: { epochs: 1, stepsPerEpoch: 5, norm: 'batch' }, seed: 1 });
  const dir = join(tmp, 'model');
  r.predictor.save(dir, '# card\n');
  for (const f of ['model.json', 'weights.bin', 'embeddings.json', 'README.md']) assert.ok(existsSync(join(dir, f)), f);
  const meta = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.deepEqual(meta.encoder, ENC);
  assert.equal(meta.hyper.norm, 'batch');
  const loaded = await GcnPredictor.load(dir, { encoder: ENC });
  const probe = space.graphs.slice(0, 64);
  assert.deepEqual(Array.from(loaded.scoreGraphs(probe, describe)), Array.from(r.predictor.scoreGraphs(probe, describe)));

  const other = { ...ENC, weightsHash: 'e'.repeat(64) };
  await assert.rejects(GcnPredictor.load(dir, { encoder: other }), (e: Error) => e instanceof EncoderMismatchError && /different weights/.test(e.message));
  await assert.rejects(GcnPredictor.load(dir, { encoder: { ...ENC, id: 'use-lite', dimension: 512 } }), EncoderMismatchError);
  assert.throws(() => loaded.addEmbeddings([['new op', new Float32Array(D)]], other), EncoderMismatchError);
  // Unknown sentence: clear error, then scorable once embedded.
  const g: OpGraph = { ops: ['input', 'mystery', 'output'], adj: [[0, 1, 0], [0, 0, 1], [0, 0, 0]] };
  const desc = (op: string) => (op === 'mystery' ? 'mystery op' : describe(op));
  assert.deepEqual(loaded.missingSentences([[g]], desc), ['mystery op']);
  assert.throws(() => loaded.scoreGraphs([[g]], desc), /no embedding for 'mystery op'/);
  loaded.addEmbeddings([['mystery op', new Float32Array(D).fill(0.1)]], ENC);
  assert.ok(Number.isFinite(loaded.scoreGraphs([[g]], desc)[0]));
  // A corrupted weights file is refused.
  writeFileSync(join(dir, 'weights.bin'), Buffer.alloc(8));
  await assert.rejects(GcnPredictor.load(dir), /truncated/);
  loaded.dispose();
  r.predictor.dispose();
});

test('inference speed on NB201 graphs (reported, loose bound)', async () => {
  await initBackend();
  const cells = [...nb201Space.enumerate!()].slice(0, 4096);
  const archs = cells.map((c) => nb201Space.toGraphs(c));
  const desc = (op: string) => nb201Space.operator(op)?.description;
  const emb = new Map<string, Float32Array>();
  const rng = createRng(2);
  for (const op of [...nb201Space.operators, nb201Space.inputOperator, nb201Space.outputOperator]) {
    emb.set(op.description, Float32Array.from({ length: 512 }, () => rng.next() - 0.5));
  }
  const p = GcnPredictor.create({ id: 'synthetic', dimension: 512, weightsHash: 'a' }, emb, DEFAULT_HYPER, 0);
  p.scoreGraphs(archs.slice(0, 1100), desc); // warm
  let t = performance.now();
  p.scoreGraphs(archs, desc);
  const perSec = archs.length / ((performance.now() - t) / 1000);
  p.scoreGraphs([archs[0]], desc);
  t = performance.now();
  for (let i = 0; i < 20; i++) p.scoreGraphs([archs[i]], desc);
  const single = (performance.now() - t) / 20;
  console.log(`  NB201 batched: ${Math.round(perSec)} cells/s; single cell: ${single.toFixed(2)} ms`);
  assert.ok(perSec > 2000 && single < 20);
  p.dispose();
});

const workerPath = join(projectRoot(), 'dist', 'worker.js');
test('training worker: progress messages and cancellation', { skip: !dataDir() ? NO_DATA_MESSAGE : !existsSync(workerPath) ? 'dist/worker.js not built' : false }, async () => {
  const controller = new AbortController();
  const seen: string[] = [];
  const run = trainInWorker(
    { dataSpec: 'naap440', outDir: join(tmp, 'never'), epochs: 100, hyper: { stepsPerEpoch: 5, patience: 100 }, heldOutSpec: 'none' },
    (p) => {
      seen.push(p.type);
      if (p.type === 'epoch') controller.abort();
    },
    controller.signal,
    workerPath,
  );
  await assert.rejects(run, TrainingCancelled);
  assert.ok(seen.includes('epoch'));
  assert.ok(!existsSync(join(tmp, 'never')));
});

const shipped = join(projectRoot(), 'models', 'no-nb201');
test('shipped no-nb201 model: never saw NB201 labels, reproduces its recorded zero-shot NB201 figure', { skip: !existsSync(join(shipped, 'model.json')) ? 'models/no-nb201 not trained' : !dataDir() ? NO_DATA_MESSAGE : false }, async () => {
  const p = await GcnPredictor.load(shipped);
  const meta = p.meta;
  assert.ok(meta.training && !meta.training.spaces.some((s) => s.space === 'nb201'), 'trained without NB201');
  const [nb201] = loadDataSpec('nb201:c10', { dataDir: dataDir()! });
  const scores = p.scoreGraphs(nb201.graphs, (op) => nb201.operators.get(op)?.description, { exact: labelledSizes(nb201) });
  const rho = spearman(scores, nb201.tasks[0].labels);
  const recorded = meta.metrics!.heldOut!['nb201:c10'].spearman;
  assert.ok(Math.abs(rho - recorded) < 1e-4, `recomputed ${rho} vs recorded ${recorded}`);
  // DARTS (unseen space): every built-in sentence is in the table, so no encoder is needed; both cells count.
  const darts = getSpace('darts')!;
  const cells = [darts.sample(createRng(1)), darts.sample(createRng(2))] as DartsCell[];
  const describeDarts = (op: string) => darts.operator(op)?.description;
  assert.deepEqual(p.missingSentences(cells.map((c) => darts.toGraphs(c)), describeDarts), []);
  const [a] = await p.scoreCells(darts, cells);
  const changed = { ...cells[0], reduce: cells[1].reduce };
  const [b] = await p.scoreCells(darts, [changed, cells[1]]);
  assert.ok(Number.isFinite(a) && a !== b, 'the reduction cell changes the score');
  p.dispose();
});

test('graphs sharing one adjacency are prepared once and score as with private copies', async () => {
  await initBackend();
  const p = GcnPredictor.create(ENC, embeddings(), { hidden: 16 }, 4);
  const rng = createRng(11);
  const base = randomGraph(rng, 6);
  const names = ['good', 'ok', 'bad', 'zero'];
  const shared: OpGraph[][] = Array.from({ length: 40 }, () => [{ ops: ['input', ...Array.from({ length: 4 }, () => names[rng.int(4)]), 'output'], adj: base.adj }]);
  const copies: OpGraph[][] = shared.map(([g]) => [{ ops: [...g.ops], adj: g.adj.map((r) => [...r]) }]);
  const a = p.prepare(shared[0][0], describe);
  const b = p.prepare(shared[1][0], describe);
  assert.equal(a.agg, b.agg, 'one aggregation matrix for one adjacency object');
  assert.notEqual(p.prepare(copies[0][0], describe).agg, a.agg);
  assert.deepEqual(Array.from(p.scoreGraphs(shared, describe)), Array.from(p.scoreGraphs(copies, describe)));
  p.dispose();
});
