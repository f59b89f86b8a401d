/**
 * The extension's command table (src/extension/commands.ts) against package.json: one registry,
 * so a contributed command without a handler, or a handler nobody can invoke, fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths';

// The extension imports 'vscode', which exists only inside the editor; loading the table touches none of it.
const M = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = M._load;
M._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? {} : load(request, ...rest));

const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8'));

test('package.json contributes exactly the commands of the table', async () => {
  const { COMMANDS } = await import('../../src/extension/commands');
  const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command);
  assert.deepEqual([...contributed].sort(), Object.keys(COMMANDS).sort());
  assert.equal(new Set(contributed).size, contributed.length, 'no command is contributed twice');
  for (const factory of Object.values(COMMANDS)) assert.equal(typeof factory, 'function');
});

test('menus name only commands of the table', async () => {
  const { COMMANDS } = await import('../../src/extension/commands');
  const menus = Object.values(pkg.contributes.menus as Record<string, Array<{ command: string }>>).flat();
  assert.ok(menus.length > 0);
  for (const m of menus) assert.ok(m.command in COMMANDS, `${m.command} (menu) has a handler`);
});

test('activation covers .arch files, Python and Markdown, and Jupyter notebooks', () => {
  for (const e of ['onLanguage:nas-arch', 'onLanguage:python', 'onLanguage:markdown', 'onNotebook:jupyter-notebook']) {
    assert.ok(pkg.activationEvents.includes(e), e);
  }
});

test('the client serves files, unsaved editors and notebook cells of every served language', async () => {
  const { servedDocuments } = await import('../../src/shared/protocol');
  const selector = servedDocuments(true);
  for (const language of ['nas-arch', 'python', 'markdown']) {
    for (const scheme of ['file', 'untitled', 'vscode-notebook-cell']) {
      assert.ok(selector.some((s) => s.scheme === scheme && s.language === language), `${scheme} ${language}`);
    }
  }
  assert.deepEqual([...new Set(servedDocuments(false).map((s) => s.language))], ['nas-arch']);
});
