/**
 * The optional transformers.js encoder, on a generated tiny BERT-interface model (never downloads).
 * @huggingface/transformers is an optionalDependency: without it (npm install --omit=optional) the tests
 * that need it are skipped with a message, and the missing-package message is still tested.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cosine, createEncoder, importTransformers, measureEncoder, TRANSFORMERS_PACKAGE, TransformersEncoder } from '../../src/core/encoder';
import { writeTinyBertModel } from '../support/tiny-onnx';

const tmp = mkdtempSync(join(tmpdir(), 'tgnas-transformers-'));
const tiny = writeTinyBertModel(join(tmp, 'models'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

function installed(): boolean {
  try {
    createRequire(__filename).resolve(TRANSFORMERS_PACKAGE);
    return true;
  } catch {
    return false;
  }
}
/** Options of the tests that run the encoder: skipped, with the reason, when the optional package is absent. */
const needsPackage = installed()
  ? {}
  : { skip: `the optional package ${TRANSFORMERS_PACKAGE} is not installed (npm install --include=optional installs it); skipped` };
if ('skip' in needsPackage) console.log(`[encoder-transformers] ${needsPackage.skip}`);

test('transformers: loads a local model folder offline and embeds', needsPackage, async () => {
  const enc = await createEncoder(
    { kind: 'transformers', model: tiny.name, localModelPath: tiny.root },
    { cacheDir: join(tmp, 'cache') },
  );
  try {
    assert.equal(enc.id, 'transformers:tiny-bert');
    assert.equal(enc.dimension, tiny.dimension);
    assert.match(enc.weightsHash, /^[0-9a-f]{64}$/);
    const v = await enc.embed(['Convolution 3 by 3', 'Max pooling 3 by 3', 'Convolution 3 by 3']);
    assert.equal(v.length, 3);
    for (const x of v) assert.equal(x.length, tiny.dimension);
    assert.ok(Math.abs(Math.hypot(...v[0]) - 1) < 1e-5, 'mean pooled and normalised');
    assert.deepEqual(Array.from(v[0]), Array.from(v[2]));
    assert.ok(cosine(v[0], v[1]) < 0.9999, 'different sentences, different vectors');
  } finally {
    enc.dispose();
  }
});

test('transformers: a model folder given as a path works too, with the same identity', needsPackage, async () => {
  const a = await TransformersEncoder.open({ model: tiny.folder, downloadDir: join(tmp, 'dl') });
  const b = await TransformersEncoder.open({ model: tiny.name, localModelPath: tiny.root, downloadDir: join(tmp, 'dl') });
  assert.equal(a.id, b.id);
  assert.equal(a.weightsHash, b.weightsHash);
  const [va] = await a.embed(['Residual connection']);
  const [vb] = await b.embed(['Residual connection']);
  assert.deepEqual(Array.from(va), Array.from(vb));
  a.dispose();
  b.dispose();
});

test('transformers: a missing model folder gives a clear error, without downloading', async () => {
  await assert.rejects(
    createEncoder({ kind: 'transformers', model: 'all-MiniLM-L6-v2', localModelPath: join(tmp, 'models') }, { cache: false }),
    /model 'all-MiniLM-L6-v2' not found at .*all-MiniLM-L6-v2 \(missing config\.json, tokenizer\.json, tokenizer_config\.json, onnx\/model\.onnx\).*allowRemote/s,
  );
  await assert.rejects(
    createEncoder({ kind: 'transformers', model: 'sentence-transformers/all-MiniLM-L6-v2' }, { cacheDir: join(tmp, 'c'), cache: false }),
    /not found at/,
  );
});

test('transformers: an absent package gives install instructions', async () => {
  await assert.rejects(importTransformers('@huggingface/transformers-not-installed'), /optional package .* npm install @huggingface\/transformers@/);
});

test('transformers: timings', needsPackage, async () => {
  const t = await measureEncoder(
    () => TransformersEncoder.open({ model: tiny.name, localModelPath: tiny.root, downloadDir: join(tmp, 'dl') }),
    ['Convolution 3 by 3', 'Max pooling 3 by 3'],
    2,
  );
  assert.equal(t.dimension, tiny.dimension);
  console.log(`[encoder timings] ${JSON.stringify(t)}`);
});
