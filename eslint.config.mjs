// ESLint (flat config): typescript-eslint's recommended rules (not the type-checked presets, to stay
// fast) plus the layer rules of docs/architecture.md, enforced with no-restricted-imports per folder.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const LAYERS = ['core', 'server', 'extension', 'webview', 'cli', 'shared'];
const MAX_DEPTH = 3; // folders below a layer's root (src/core/gcn is depth 1)
const dots = (n) => `(\\.\\./){${n}}`;

/**
 * One config block per folder depth of src/<layer>, so a relative import resolves exactly:
 * from src/<layer>/a/b.ts, `../../x` is src/x. `deny`: layers this one never imports; `packages`: denied
 * package names (a name or a name prefix ending in *); `only`: the one layer imported besides its own
 * folder (and `allowPackages`), everything else is denied.
 */
function layer(name, { deny = [], packages = [], only, allowPackages = [] }) {
  const message = `docs/architecture.md: src/${name} ${only ? `imports only src/${only}` : `never imports ${[...deny.map((d) => `src/${d}`), ...packages].join(', ')}`}`;
  return Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => {
    const patterns = [];
    if (only) {
      const allowed = ['\\./', `${dots(depth + 1)}${only}(/|$)`, ...allowPackages.map((p) => `${p}(/|$)`)];
      if (depth > 0) allowed.push(`(\\.\\./){1,${depth}}(?!\\.\\./)`);
      patterns.push({ regex: `^(?!${allowed.join('|')})`, message });
    } else {
      if (deny.length > 0) patterns.push({ regex: `^${dots(depth + 1)}(${deny.join('|')})(/|$)`, message });
      for (const p of packages) patterns.push({ regex: p.endsWith('*') ? `^${p.slice(0, -1)}` : `^${p}(/|$)`, message });
    }
    return {
      files: [`src/${name}/${'*/'.repeat(depth)}*.ts`],
      rules: { 'no-restricted-imports': ['error', { patterns }] },
    };
  });
}

const others = (...keep) => LAYERS.filter((l) => !keep.includes(l));

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', 'out/', '.vscode-test/', 'test/output/', 'bench/results/', '.cache/'] },
  tseslint.configs.recommended,
  {
    // `const { dropped, ...rest } = x` is how the code base omits a property.
    rules: { '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }] },
  },
  {
    // Request/notification ids follow vscode-languageserver's `namespace XRequest { method }` convention.
    files: ['src/shared/protocol.ts'],
    rules: { '@typescript-eslint/no-namespace': 'off' },
  },
  {
    // Tests read untyped LSP replies and JSON fixtures; typing each reply would add noise, not safety.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain Node scripts (CommonJS shims): require() is how they load modules.
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...layer('core', {
    deny: ['server', 'extension', 'webview', 'cli'],
    packages: ['vscode', 'vscode-languageserver*', 'vscode-languageclient*'],
  }),
  ...layer('server', { deny: ['extension', 'webview', 'cli'], packages: ['vscode'] }),
  // "extension never scores by itself, it asks the server": no scoring parts of core.
  ...layer('extension', { deny: ['core/proxy', 'core/gcn', 'core/encoder', 'core/search', 'server', 'webview', 'cli'] }),
  ...layer('cli', { deny: ['server', 'extension', 'webview'], packages: ['vscode'] }),
  ...layer('webview', { only: 'shared', allowPackages: ['@vscode-elements/elements'] }),
  ...layer('shared', { deny: others('shared'), packages: ['vscode', 'vscode-languageserver*', 'vscode-languageclient*'] }),
);
