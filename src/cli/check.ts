/** tgnas check: the editor's diagnostics, for scripts and CI. */
import { analyzeDocument } from '../core/analysis';
import type { Diagnostic } from '../core/types';
import { parseArgs, UsageError } from './args';
import type { Command } from './command';
import { expandPaths, readInput } from './io';

export const checkCommand: Command = {
  name: 'check',
  summary: 'report diagnostics for .arch files and architectures inside other files',
  usage: [
    'usage: tgnas check [--json] FILE|DIR...',
    '',
    'Checks .arch files, and NB201 strings / Genotype(...) literals in .py, .md, .txt and .json files',
    '(directories are searched recursively). Exit 0 when clean, 1 with errors, 2 on bad usage.',
    '--json prints {"files":[{"file":...,"diagnostics":[{"severity","line","column","endLine","endColumn","message","code"}]}]}',
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, { json: { value: false } });
    if (args.positionals.length === 0) throw new UsageError('no FILE given');
    const files = expandPaths(args.positionals);
    const report = files.map((file) => ({ file, diagnostics: analyzeDocument(file, readInput(file)).diagnostics }));
    const errors = report.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === 'error').length, 0);
    if (args.flags.has('json')) {
      const files = report.map((f) => ({ file: f.file, diagnostics: f.diagnostics.map(flatten) }));
      process.stdout.write(JSON.stringify({ files }) + '\n');
    } else {
      for (const f of report) {
        for (const d of f.diagnostics) {
          process.stdout.write(`${f.file}:${d.range.line}:${d.range.column}: ${d.severity}: ${d.message} [${d.code}]\n`);
        }
      }
      const warnings = report.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === 'warning').length, 0);
      process.stderr.write(`checked ${files.length} file${files.length === 1 ? '' : 's'}: ${errors} error(s), ${warnings} warning(s)\n`);
    }
    return errors > 0 ? 1 : 0;
  },
};

function flatten(d: Diagnostic) {
  const { line, column, endLine, endColumn } = d.range;
  return { severity: d.severity, line, column, endLine, endColumn, message: d.message, code: d.code };
}
