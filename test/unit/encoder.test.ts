/** USE-lite encoder, embedding cache, embedding tables and the encoder compatibility check. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  assertCompatible,
  buildEmbeddingTable,
  CachedEncoder,
  cosine,
  createEncoder,
  embeddingCacheFile,
  EncoderMismatchError,
  loadEmbeddingTable,
  locateUseLite,
  measureEncoder,
  nearest,
  readCacheFile,
  saveEmbeddingTable,
  tableVector,
  UseLiteEncoder,
  type OperatorEncoder,
} from '../../src/core/encoder';
import { DARTS_OPS, INPUT, NB201_OPS, OUTPUT } from '../../src/core/spaces/vocabulary';

const SEP3 = 'Depthwise separable convolution 3 by 3';
const SEP5 = 'Depthwise separable convolution 5 by 5';
const CONV3 = 'Convolution 3 by 3';
const MAXPOOL = 'Max pooling 3 by 3';

// One model load for the whole file (~0.3 s + 28 MB); the cache tests use their own instances.
const shared = new UseLiteEncoder();
const tmp = mkdtempSync(join(tmpdir(), 'tgnas-encoder-'));
test.after(() => {
  shared.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

test('USE-lite: 512-d unit vectors on the wasm backend', async () => {
  const [v] = await shared.embed([SEP3]);
  assert.equal(shared.id, 'use-lite');
  assert.equal(shared.dimension, 512);
  assert.equal(v.length, 512);
  assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5, 'USE-lite output is L2-normalised');
  assert.equal(shared.backend, 'wasm', 'fell back to a slower backend');
  assert.equal(tf.getBackend(), 'wasm');
  assert.match(shared.weightsHash, /^[0-9a-f]{64}$/);
});

test('USE-lite: deterministic and independent of the other sentences in the call', async () => {
  const [a] = await shared.embed([CONV3]);
  const [b, , c] = await shared.embed([CONV3, MAXPOOL, CONV3]);
  assert.deepEqual(Array.from(a), Array.from(b));
  assert.deepEqual(Array.from(a), Array.from(c));
});

test('USE-lite: similar operators are closer than different ones', async () => {
  const [sep3, sep5, conv3, pool] = await shared.embed([SEP3, SEP5, CONV3, MAXPOOL]);
  assert.ok(cosine(sep3, sep5) > cosine(sep3, pool), `sep3~sep5 ${cosine(sep3, sep5)} vs sep3~pool ${cosine(sep3, pool)}`);
  assert.ok(cosine(sep3, sep5) > cosine(conv3, pool), `sep3~sep5 ${cosine(sep3, sep5)} vs conv~pool ${cosine(conv3, pool)}`);
  assert.ok(cosine(sep3, sep5) > 0.9);
});

test('USE-lite: no tensors leak across embed calls', async () => {
  await shared.embed([SEP3]);
  const before = tf.memory().numTensors;
  await shared.embed([SEP3, SEP5, MAXPOOL]);
  assert.equal(tf.memory().numTensors, before);
});

test('USE-lite: weights in an assets folder (as beside a bundle) hash the same as the package', () => {
  const assets = join(tmp, 'use-lite');
  mkdirSync(assets);
  const { dir } = locateUseLite();
  for (const f of readdirSync(dir)) if (f === 'model.json' || f === 'vocab.json' || f.startsWith('group1-shard')) symlinkSync(join(dir, f), join(assets, f));
  const files = locateUseLite(assets);
  assert.equal(files.dir, assets);
  assert.equal(files.shards.length, 7);
  assert.equal(new UseLiteEncoder(files).weightsHash, shared.weightsHash);
});

test('USE-lite: empty description and missing weights give clear errors', async () => {
  await assert.rejects(shared.embed(['  ']), /empty operator description/);
  assert.throws(() => locateUseLite(join(tmp, 'nowhere')), /USE-lite encoder weights not found.*model-embeddings-en/s);
});

/** Counts the sentences that reach the real encoder behind the cache. */
function counting(inner: OperatorEncoder): OperatorEncoder & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    id: inner.id,
    dimension: inner.dimension,
    weightsHash: inner.weightsHash,
    load: () => inner.load(),
    dispose: () => inner.dispose(),
    embed: (s) => {
      calls.push(...s);
      return inner.embed(s);
    },
  };
}

test('disk cache: a second encoder instance reads vectors without recomputing', async () => {
  const cacheDir = join(tmp, 'cache');
  const first = counting(new UseLiteEncoder());
  const c1 = new CachedEncoder(first, cacheDir);
  const v1 = await c1.embed([SEP3, MAXPOOL, SEP3]);
  assert.deepEqual(first.calls, [SEP3, MAXPOOL]);
  await c1.embed([MAXPOOL]);
  assert.deepEqual(first.calls, [SEP3, MAXPOOL], 'memory hit');
  assert.deepEqual(c1.stats, { memory: 1, disk: 0, computed: 2 });
  assert.ok(existsSync(embeddingCacheFile(cacheDir, c1)));
  c1.dispose();

  const bare = new UseLiteEncoder();
  const second = counting(bare);
  const c2 = new CachedEncoder(second, cacheDir);
  const v2 = await c2.embed([MAXPOOL, SEP3]);
  assert.deepEqual(second.calls, [], 'nothing recomputed');
  assert.equal(bare.backend, undefined, 'the model was not even loaded');
  assert.deepEqual(c2.stats, { memory: 0, disk: 2, computed: 0 });
  assert.deepEqual(Array.from(v2[0]), Array.from(v1[1]), 'bit-identical through the file');
  assert.deepEqual(Array.from(v2[1]), Array.from(v1[0]));

  // A new operator asked for twice at once: computed once, merged into the same file.
  const [x, y] = await Promise.all([c2.embed([CONV3]), c2.embed([CONV3, SEP3])]);
  assert.deepEqual(second.calls, [CONV3]);
  assert.deepEqual(Array.from(x[0]), Array.from(y[0]));
  const onDisk = readCacheFile(embeddingCacheFile(cacheDir, c2), c2)!;
  assert.deepEqual([...onDisk.entries.keys()].sort(), [CONV3, MAXPOOL, SEP3].sort());
  c2.dispose();
});

test('createEncoder: use-lite with a cache folder', async () => {
  const enc = await createEncoder({ kind: 'use-lite' }, { cacheDir: join(tmp, 'cache2') });
  assert.ok(enc instanceof CachedEncoder);
  assert.equal(enc.id, 'use-lite');
  assert.equal(enc.weightsHash, shared.weightsHash);
  enc.dispose();
  await assert.rejects(createEncoder({ kind: 'nope' } as never), /unknown encoder kind 'nope'/);
});

test('embedding table: build, save, load, nearest', async () => {
  const ops = [INPUT, OUTPUT, ...NB201_OPS, ...DARTS_OPS];
  const table = await buildEmbeddingTable(shared, ops);
  assert.deepEqual(table.encoder, { id: 'use-lite', dimension: 512, weightsHash: shared.weightsHash });
  assert.equal(table.operators!.sep_conv_3x3, SEP3);
  const distinct = new Set(ops.map((o) => o.description));
  assert.equal(Object.keys(table.sentences).length, distinct.size);

  const path = join(tmp, 'table', 'embeddings.json');
  saveEmbeddingTable(path, table);
  const back = loadEmbeddingTable(path);
  assert.deepEqual(back, table);
  assert.ok(readFileSync(path, 'utf8').length < 200_000);
  const [sep3] = await shared.embed([SEP3]);
  assert.deepEqual(Array.from(tableVector(back, SEP3)!), Array.from(sep3));

  const near = nearest(sep3, back, 3, [SEP3]);
  assert.equal(near.length, 3);
  assert.equal(near[0].sentence, SEP5);
  assert.deepEqual(near[0].operators, ['sep_conv_5x5']);
  assert.ok(near[0].similarity >= near[1].similarity && near[1].similarity >= near[2].similarity);

  assert.throws(() => loadEmbeddingTable(join(tmp, 'missing.json')), /cannot read embedding table/);
  saveEmbeddingTable(join(tmp, 'bad.json'), { ...table, sentences: { x: [1, 2] } });
  assert.throws(() => loadEmbeddingTable(join(tmp, 'bad.json')), /vector of 'x' is not 512 finite numbers/);
});

test('assertCompatible: explains an encoder mismatch', async () => {
  const trained = { id: 'use-lite', dimension: 512, weightsHash: 'ab12cd34ef56'.padEnd(64, '0') };
  assert.doesNotThrow(() => assertCompatible({ encoder: trained }, { ...trained }));
  const other = { id: 'transformers:all-MiniLM-L6-v2', dimension: 384, weightsHash: 'ff'.repeat(32) };
  assert.throws(
    () => assertCompatible({ encoder: trained }, other, 'model nb201-default'),
    (e: unknown) =>
      e instanceof EncoderMismatchError &&
      /^model nb201-default was trained with encoder use-lite \(512-d, hash ab12cd34ef56…\); the configured encoder is transformers:all-MiniLM-L6-v2 \(384-d, hash ffffffffffff…\).*select a matching model or encoder$/.test(
        e.message,
      ),
  );
  assert.throws(() => assertCompatible(trained, { ...trained, weightsHash: 'ee'.repeat(32) }), /different weights/);
});

test('measureEncoder: reports load and embed timings', async () => {
  const t = await measureEncoder(() => new UseLiteEncoder(), [SEP3, MAXPOOL], 1);
  assert.equal(t.id, 'use-lite');
  for (const k of ['loadMs', 'firstEmbedMs', 'perSentenceMs'] as const) assert.ok(t[k] > 0 && Number.isFinite(t[k]), k);
  console.log(`[encoder timings] ${JSON.stringify(t)}`);
});
