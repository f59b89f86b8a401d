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
import { ordinal, percentileWords, scoreSentence, shortScore } from '../../src/shared/score-words';
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
  assert.deepEqual(s.search, { population: 64, generations: 40, top: 5, seed: 0 });
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
