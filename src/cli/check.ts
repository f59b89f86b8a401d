/** tgnas check: the editor's diagnostics, for scripts and CI. */
import { analyzeDocument } from '../core/analysis';
import { inputKind, notebookCells } from '../core/reader';
import type { Diagnostic } from '../core/types';
import { parseArgs, UsageError } from './args';
import type { Command } from './command';
import { expandPaths } from './io';
import { readRegularFile, UnreadableFileError } from '../core/files';
import { MAX_DOCUMENT_CHARS } from '../core/limits';

export const checkCommand: Command = {
  name: 'check',
  summary: 'report diagnostics for .arch files and architectures inside other files',
  usage: [
    'usage: tgnas check [--json] FILE|DIR...',
    '',
    'Checks .arch files, and NB201 strings / Genotype(...) literals in .py, .md, .txt and .json files',
    '(directories are searched recursively). Exit 0 when clean, 1 with errors, 2 on bad usage.',
    '--json prints {"files":[{"file":...,"diagnostics":[{"severity","line","column","endLine","endColumn","message","code"}]}]}',
    '(plus "skipped":[{"file","reason"}] when some were not read).',
    'Only regular files are read: FIFOs, sockets, devices, broken symlinks and symlink loops are skipped, one line',
    'each on stderr. Files over 2 MiB are analysed up to there (a warning marks the cut).',
    'When no checked file holds any architecture, one line on stderr says so (the exit status stays as above:',
    'nothing was wrong with what was checked).',
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, { json: { value: false } });
    if (args.positionals.length === 0) throw new UsageError('no FILE given');
    // Skipped paths (special files, broken links, loops): one line each on stderr, as they are found.
    const skipped: Array<{ file: string; reason: string }> = [];
    const skip = (file: string, reason: string) => {
      skipped.push({ file, reason });
      process.stderr.write(`${file}: skipped: ${reason}\n`);
    };
    const files = expandPaths(args.positionals, skip);
    const report: Array<{ file: string; cell?: number; diagnostics: Diagnostic[] }> = [];
    let architectures = 0;
    for (const file of files) {
      let read;
      try {
        // Regular files only, and only as much as the analysis reads (a larger file is cut, with a diagnostic).
        read = readRegularFile(file, MAX_DOCUMENT_CHARS);
      } catch (e) {
        if (e instanceof UnreadableFileError) {
          skip(file, e.reason);
          continue;
        }
        throw e;
      }
      if (inputKind(file) === 'notebook') {
        // A notebook is checked cell by cell (code and Markdown), each cell's lines counted from 1.
        const nb = notebookCells(read.text);
        if ('error' in nb) {
          report.push({ file, diagnostics: [{ severity: 'error', code: 'notebook-invalid', message: nb.error, range: { line: 1, column: 1, endLine: 1, endColumn: 1 } }] });
          continue;
        }
        for (const c of nb.cells) {
          const a = analyzeDocument(`${file}.py`, c.source);
          architectures += a.cells.length;
          report.push({ file, cell: c.index, diagnostics: a.diagnostics });
        }
        continue;
      }
      const a = analyzeDocument(file, read.text, { truncated: read.truncated });
      // Broken `.arch` cells count too: they are architectures, reported with their errors.
      architectures += Math.max(a.cells.length, a.cellDecls.length);
      report.push({ file, diagnostics: a.diagnostics });
    }
    const errors = report.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === 'error').length, 0);
    if (architectures === 0) {
      const names = [...new Set(report.map((f) => f.file))];
      process.stderr.write(`tgnas check: no architecture in ${names.length === 1 ? names[0] : `the ${names.length} file(s) checked`}\n`);
    }
    if (args.flags.has('json')) {
      const files = report.map((f) => ({ file: f.file, ...(f.cell ? { notebook_cell: f.cell } : {}), diagnostics: f.diagnostics.map(flatten) }));
      process.stdout.write(JSON.stringify(skipped.length ? { files, skipped } : { files }) + '\n');
    } else {
      for (const f of report) {
        for (const d of f.diagnostics) {
          process.stdout.write(`${f.file}${f.cell ? `#cell${f.cell}` : ''}:${d.range.line}:${d.range.column}: ${d.severity}: ${d.message} [${d.code}]\n`);
        }
      }
      const warnings = report.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === 'warning').length, 0);
      const also = skipped.length ? `, ${skipped.length} skipped` : '';
      const checked = new Set(report.map((f) => f.file)).size;
      process.stderr.write(`checked ${checked} file${checked === 1 ? '' : 's'}${also}: ${errors} error(s), ${warnings} warning(s)\n`);
    }
    return errors > 0 ? 1 : 0;
  },
};

function flatten(d: Diagnostic) {
  const { line, column, endLine, endColumn } = d.range;
  return { severity: d.severity, line, column, endLine, endColumn, message: d.message, code: d.code };
}
