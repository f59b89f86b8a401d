/**
 * Extension-host tests of the Pareto search and the leaderboard in real VS Code: a Pareto search
 * returns (and hands the search panel) a front; the leaderboard fills with the rows of an opened file,
 * each with its model and percentile; rows of another model are re-scored; the model card opens.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test, waitFor } from './harness';
import type { TgnasApi } from '../../src/extension/main';
import { StatusRequest, type LeaderboardResult, type SearchResult } from '../../src/shared/protocol';

const api = () => vscode.extensions.getExtension<TgnasApi>('tgnas.tgnas-vscode')!.exports;
const sample = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'sample.arch');
const model = async () => (await api().client.sendRequest(StatusRequest.type)).model!;

suite('pareto and leaderboard', () => {
  test('Search Pareto Front returns a front of >= 2 points, cheapest first, and the panel shows it', async () => {
    const result = await vscode.commands.executeCommand<SearchResult>('tgnas.searchParetoFront', {
      uri: sample().toString(), space: 'nb201', generations: 3, population: 8, top: 3, pareto: 'params', searchId: 'e2e-pareto',
    });
    assert.ok(result && !result.cancelled, 'the search ran to the end');
    assert.deepEqual(result.pareto, { axis: 'params' });
    const front = result.front ?? [];
    assert.ok(front.length >= 2, `a front of ${front.length} point(s)`);
    for (let i = 1; i < front.length; i++) assert.ok(front[i].objective > front[i - 1].objective && front[i].score > front[i - 1].score);
    assert.ok(front.every((c) => c.predictedAccuracy && c.objective === c.params_M), 'NB201 is calibrated: every point has an accuracy');
    assert.equal(result.evidence?.kind, 'in-space');
    assert.equal(result.historyMedian?.length, 3);
    const panel = api().searchPanel();
    assert.ok(panel, 'the search panel is open');
    assert.equal(panel.searchId, 'e2e-pareto');
    assert.ok((panel.shown?.front?.length ?? 0) >= 2, 'the panel was given the front to plot');
  }, 90_000);

  test('the leaderboard holds the rows of an opened file, with model and percentile', async () => {
    const doc = await vscode.workspace.openTextDocument(sample());
    await vscode.window.showTextDocument(doc);
    const current = await model();
    const rows = await waitFor('leaderboard rows of sample.arch', () => {
      const r = api().leaderboard.rows().filter((e) => e.uri === doc.uri.toString() && e.score);
      return r.length >= 2 ? r : undefined;
    }, 30_000);
    assert.ok(rows.some((r) => r.name === 'best_c10'), JSON.stringify(rows.map((r) => r.name)));
    for (const r of rows) {
      assert.equal(r.model, current, `${r.name} names the model that scored it`);
      assert.ok(r.score!.percentile >= 0 && r.score!.percentile <= 100);
      assert.ok(r.score!.evidence, `${r.name} carries its evidence`);
    }
    const shown = await vscode.commands.executeCommand<LeaderboardResult>('tgnas.showLeaderboard');
    assert.ok(shown.entries.some((e) => e.uri === doc.uri.toString() && e.name === 'best_c10' && e.model === current));
    assert.equal(api().leaderboard.currentModel, current);
  }, 60_000);

  test('rows scored by another model are re-scored by the current one', async () => {
    const uri = sample().toString();
    const current = await model();
    const old = api().leaderboard.rows().filter((e) => e.uri === uri).map((e) => ({ ...e, model: 'an-older-model' }));
    api().leaderboard.upsert(uri, old);
    api().leaderboard.serverStatus(await api().client.sendRequest(StatusRequest.type));
    await waitFor('re-scored rows', () => {
      const rows = api().leaderboard.rows().filter((e) => e.uri === uri);
      return rows.length === old.length && rows.every((e) => e.model === current);
    }, 30_000);
  }, 40_000);

  test('Open Model Card opens the README of the loaded model', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('tgnas.openModelCard');
    assert.ok(uri, 'a card was found');
    assert.match(uri.path, new RegExp(`/models/${await model()}/README\\.md$`));
    const fallback = await vscode.commands.executeCommand<vscode.Uri>('tgnas.openModelCard', '../../etc');
    assert.match(fallback!.path, /\/models\/README\.md$/, 'names from webviews never leave models/');
  }, 30_000);
});
