/** Seed ensembles: scaled sums of member scores, the folder format, fitting on the validation split; TableEncoder. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../src/core/backend';
import { TableEncoder, type EncoderMeta } from '../../src/core/encoder';
import { buildEnsemble, GcnPredictor, trainModel } from '../../src/core/gcn';
import { dataDir, NO_DATA_MESSAGE, projectRoot } from '../../src/core/paths';
import { createRng } from '../../src/core/random';
import type { OpGraph } from '../../src/core/types';

const D = 8;
const ENC: EncoderMeta = { id: 'synthetic', dimension: D, weightsHash: 'a'.repeat(64) };
const OPS = ['Input', 'Output', 'op a', 'op b', 'op c'];
const tmp = mkdtempSync(join(tmpdir(), 'tgnas-ensemble-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

function table(): Array<[string, Float32Array]> {
  const rng = createRng(9);
  return OPS.map((s) => [s, Float32Array.from({ length: D }, () => rng.next() - 0.5)]);
}

function graphs(count: number): OpGraph[][] {
  const rng = createRng(3);
  return Array.from({ length: count }, () => {
    const n = 3 + rng.int(4);
    const ops = ['Input', ...Array.from({ length: n - 2 }, () => OPS[2 + rng.int(3)]), 'Output'];
    const adj = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j === i + 1 || (j > i && rng.next() < 0.4) ? 1 : 0)));
    return [{ ops, adj }];
  });
}
const same = (op: string) => op;

test('an ensemble scores the scaled sum of its members, and saves and loads as one model folder', async () => {
  await initBackend();
  const a = GcnPredictor.create(ENC, table(), { hidden: 16 }, 1);
  const b = GcnPredictor.create(ENC, table(), { hidden: 16 }, 2);
  const archs = graphs(80);
  const sa = a.scoreGraphs(archs, same);
  const sb = b.scoreGraphs(archs, same);
  const ens = new GcnPredictor([{ model: a.model, scale: 0.25 }, { model: b.model, scale: 2 }], ENC, table(), { ...a.meta, name: 'pair' });
  assert.equal(ens.size, 2);
  const s = ens.scoreGraphs(archs, same);
  s.forEach((v, i) => assert.ok(Math.abs(v - (0.25 * sa[i] + 2 * sb[i])) < 1e-4, `arch ${i}: ${v}`));
  // One member alone, unscaled (what ensemble fitting uses).
  const prepared = ens.prepareArchs(archs, same).prepared.map(([g]) => g);
  assert.deepEqual(Array.from(ens.scorePrepared(prepared, 1)), Array.from(sb));

  const dir = join(tmp, 'pair');
  ens.save(dir, '# pair\n');
  for (const f of ['weights.bin', 'weights-1.bin', 'embeddings.json', 'model.json']) assert.ok(existsSync(join(dir, f)), f);
  const meta = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.deepEqual(meta.members.map((m: { file: string; scale: number }) => [m.file, m.scale]), [['weights.bin', 0.25], ['weights-1.bin', 2]]);
  const loaded = await GcnPredictor.load(dir, { encoder: ENC });
  assert.equal(loaded.size, 2);
  assert.deepEqual(Array.from(loaded.scoreGraphs(archs, same)), Array.from(s));
  loaded.dispose();
  ens.dispose();
});

test('TableEncoder answers from an embedding table and names the sentences it lacks', async () => {
  const enc = TableEncoder.fromFile(join(projectRoot(), 'models', 'universal', 'embeddings.json'));
  assert.equal(enc.id, 'use-lite');
  assert.equal(enc.dimension, 512);
  const [v] = await enc.embed(['Convolution 3 by 3']);
  assert.equal(v.length, 512);
  await assert.rejects(enc.embed(['Convolution 3 by 3', 'a sentence nobody wrote']), /no vector for 1 sentence\(s\): 'a sentence nobody wrote'/);
});

test(
  'buildEnsemble: members trained alike are fitted on the shared validation split; mismatched members are refused',
  { skip: dataDir() ? false : NO_DATA_MESSAGE },
  async () => {
    const embeddingsFile = join(projectRoot(), 'models', 'universal', 'embeddings.json');
    const hyper = { epochs: 2, stepsPerEpoch: 10, hidden: 16 };
    const train = (name: string, seed: number, dataSpec = 'naap440,resnets') =>
      trainModel({ dataSpec, outDir: join(tmp, name), seed, hyper, heldOutSpec: 'none', embeddingsFile });
    const m = [await train('m0', 0), await train('m1', 1)];
    const r = await buildEnsemble({ members: m.map((x) => x.outDir), outDir: join(tmp, 'ens'), heldOutSpec: 'none' });
    // The split is re-drawn exactly: each member's validation is what training recorded.
    r.memberValidation.forEach((v, k) => assert.ok(Math.abs(v - m[k].validation.mean) < 1e-9, `member ${k}: ${v} vs ${m[k].validation.mean}`));
    assert.ok(Number.isFinite(r.validation.mean));
    assert.equal(r.meta.members?.length, 2);
    const loaded = await GcnPredictor.load(r.outDir);
    assert.equal(loaded.size, 2);
    loaded.dispose();
    const odd = await train('odd', 2, 'naap440');
    await assert.rejects(buildEnsemble({ members: [m[0].outDir, odd.outDir], outDir: join(tmp, 'bad') }), /trained on 'naap440'/);
    await assert.rejects(buildEnsemble({ members: [m[0].outDir], outDir: join(tmp, 'bad') }), /at least two/);
  },
);
