/**
 * src/shared: the one settings normaliser (both sides) against package.json, and the one wording
 * of scores (hovers, hints, exported notes, panels).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths';
import { SEARCH_BOUNDS } from '../../src/core/search/limits';
import { LATENCY_DEVICES } from '../../src/core/latency';
import { LATENCY_DEVICE_IDS, PARETO_CHOICES } from '../../src/shared/protocol';
import { axisLabel, evidenceWords, figureWords, ordinal, percentileWords, scoreSentence, shortScore } from '../../src/shared/score-words';
import { DEFAULT_SETTINGS, normalizeSettings, SEARCH_SETTING_MINIMUMS, SETTINGS_SECTION } from '../../src/shared/settings';

const properties = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')).contributes.configuration.properties as Record<string, { default?: unknown; minimum?: number }>;

/** The value at a dotted path of the settings object ('search.top' -> settings.search.top). */
const at = (o: unknown, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], o);

test('settings: every default of package.json is the normaliser default', () => {
  for (const [id, p] of Object.entries(properties)) {
    const path = id.slice(SETTINGS_SECTION.length + 1);
    if (path === 'trace.server') continue; // read by vscode-languageclient, not by TG-NAS
    assert.deepEqual(at(DEFAULT_SETTINGS, path), p.default, id);
    assert.deepEqual(at(normalizeSettings({}), path), p.default, `${id} of an empty section`);
  }
});

test('settings: search minimums are package.json minimums and core SEARCH_BOUNDS', () => {
  for (const k of ['population', 'generations', 'top', 'seed'] as const) {
    assert.equal(SEARCH_SETTING_MINIMUMS[k], properties[`tgnas.search.${k}`].minimum, k);
    assert.equal(SEARCH_SETTING_MINIMUMS[k], SEARCH_BOUNDS[k], k);
  }
});

test('settings: malformed values fall back to defaults, strings are trimmed', () => {
  const s = normalizeSettings({
    model: '  mine ', encoder: { kind: 'bert', model: 3 }, inlayHints: { enabled: 'yes' }, scanOtherFiles: false,
    search: { population: 2, generations: 1.5, top: 5, seed: -1 }, limits: { maxParamsM: -3, maxFlopsM: 12 }, embeddingCache: { maxSizeMB: Number.NaN },
  });
  assert.equal(s.model, 'mine');
  assert.deepEqual(s.encoder, DEFAULT_SETTINGS.encoder);
  assert.equal(s.inlayHints.enabled, true);
  assert.equal(s.scanOtherFiles, false);
  assert.deepEqual(s.search, { population: 64, generations: 40, top: 5, seed: 0, paretoAxis: 'none', device: '' });
  assert.deepEqual(s.limits, { maxParamsM: 0, maxFlopsM: 12 });
  assert.equal(s.embeddingCache.maxSizeMB, 16);
  for (const raw of [null, undefined, 42, 'x', []]) assert.deepEqual(normalizeSettings(raw), DEFAULT_SETTINGS);
});

test('score words: English ordinals', () => {
  const cases: Array<[number, string]> = [
    [0, '0th'], [1, '1st'], [2, '2nd'], [3, '3rd'], [4, '4th'], [11, '11th'], [12, '12th'], [13, '13th'], [21, '21st'], [22, '22nd'],
    [23, '23rd'], [51.4, '51st'], [99.6, '100th'], [101, '101st'], [111, '111th'], [112, '112th'],
  ];
  for (const [n, want] of cases) assert.equal(ordinal(n), want, String(n));
});

test('score words: short form, percentile and the export note sentence', () => {
  assert.equal(shortScore({ percentile: 21.2 }), '21st pct');
  assert.equal(shortScore({ percentile: 50, predictedAccuracy: { value: 93.14, low: 92, high: 94, target: 'CIFAR-10' } }), '≈ 93.1 %');
  assert.equal(percentileWords(72.5), '73rd percentile');
  assert.equal(scoreSentence({ percentile: 21 }, 'nb201'), '21st percentile of space nb201');
  assert.equal(scoreSentence({ percentile: 2, predictedAccuracy: { value: 88, low: 80, high: 90, target: 'CIFAR-10 test accuracy' } }, 'nb201'),
    'predicted 88.0 % CIFAR-10 test accuracy, 2nd percentile');
});

test('settings: the Pareto axis and latency device are the protocol\'s choices, package.json\'s enums and core\'s devices', () => {
  assert.deepEqual(properties['tgnas.search.paretoAxis'] && (properties['tgnas.search.paretoAxis'] as { enum: string[] }).enum, [...PARETO_CHOICES]);
  assert.deepEqual((properties['tgnas.search.device'] as { enum: string[] }).enum, ['', ...LATENCY_DEVICE_IDS]);
  assert.deepEqual([...LATENCY_DEVICE_IDS], [...LATENCY_DEVICES]);
  assert.deepEqual(normalizeSettings({ search: { paretoAxis: 'latency', device: 'raspi4' } }).search, { ...DEFAULT_SETTINGS.search, paretoAxis: 'latency', device: 'raspi4' });
  assert.deepEqual(normalizeSettings({ search: { paretoAxis: 'weight', device: 'toaster' } }).search, DEFAULT_SETTINGS.search);
});

test('score words: evidence, one wording for hovers, tooltips and both webviews', () => {
  assert.equal(evidenceWords({ kind: 'in-space', data: 'nb201', validationRho: 0.8412, task: 'cifar10' }), 'in-space: validated ρ 0.84 on held-out nb201 cells (cifar10)');
  assert.equal(evidenceWords({ kind: 'in-space', data: 'nb201', validationRho: 0.46 }), 'in-space: validated ρ 0.46 on held-out nb201 cells (mean over its tasks)');
  assert.equal(evidenceWords({ kind: 'unseen-space', losoMean: 0.6, losoWorst: 0.3, estimated: ['ghost3'], unseenOperators: ['ghost3'] }),
    'unseen space: leave-one-space-out ρ 0.60 (worst 0.30); costs of `ghost3` estimated from its sentence');
  assert.equal(evidenceWords({ kind: 'unseen-space', losoMean: 0.6, losoWorst: 0.3, estimated: ['a', 'b'], unseenOperators: [] }, { code: (n) => `<${n}>` }),
    'unseen space: leave-one-space-out ρ 0.60 (worst 0.30); costs of <a>, <b> estimated from their sentences');
  assert.equal(evidenceWords({ kind: 'unseen-space', estimated: [], unseenOperators: [] }), 'unseen space: no leave-one-space-out figures recorded for this model');
  assert.equal(figureWords({ score: 1.23456, percentile: 87 }), 'score 1.235, 87th percentile', 'no accuracy is invented for an uncalibrated space');
  assert.equal(figureWords({ score: 1, percentile: 87, predictedAccuracy: { value: 93.14, low: 92, high: 94, target: 'CIFAR-10 test accuracy' } }),
    'predicted 93.1 % CIFAR-10 test accuracy');
  assert.equal(axisLabel('latency', 'edgegpu'), 'Latency on edgegpu, ms');
  assert.equal(axisLabel('params'), 'Params, millions');
});
