/** tgnas convert: rewrite architectures in another notation. */
import {
  formatArchDocument, formatCell, parseArchDocument, parseArchitecture, type ArchDocumentInput, type OutputNotation,
} from '../core/formats';
import type { Cell } from '../core/types';
import { parseArgs, stringFlag, UsageError } from './args';
import type { Command } from './command';
import { readInput } from './io';

const TARGETS: Record<string, OutputNotation> = {
  nb201: 'nb201',
  genotype: 'genotype',
  'graph-json': 'graph-json',
  'nb101-json': 'nb101-json',
  arch: 'arch',
};

export const convertCommand: Command = {
  name: 'convert',
  summary: 'rewrite architectures in another notation',
  usage: [
    'usage: tgnas convert --to nb201|genotype|graph-json|nb101-json|arch [FILE|-]',
    '',
    'Input: one architecture per line in any notation, or a .arch file (every cell).',
    'Output: one converted architecture per line (arch: one `cell` statement each).',
    'A line that cannot be converted is reported on stderr with its line number (exit 3).',
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, { to: { value: true, choices: Object.keys(TARGETS) } });
    const to = stringFlag(args, 'to');
    if (!to) throw new UsageError("missing '--to'");
    if (args.positionals.length > 1) throw new UsageError('give one FILE (or - for stdin)');
    const file = args.positionals[0];
    const text = readInput(file);
    const items: Array<{ line: number; name?: string; cell?: Cell; error?: string }> = [];
    let declaredOps: ArchDocumentInput['ops'];
    if (file?.endsWith('.arch')) {
      const doc = parseArchDocument(text);
      declaredOps = doc.ops;
      for (const d of doc.diagnostics.filter((x) => x.severity === 'error')) {
        items.push({ line: d.range.line, error: d.message });
      }
      for (const c of doc.cells) if (c.cell) items.push({ line: c.range.line, name: c.name, cell: c.cell });
      items.sort((a, b) => a.line - b.line);
    } else {
      text.split(/\r?\n/).forEach((raw, i) => {
        if (!raw.trim() || raw.trim().startsWith('#')) return;
        const parsed = parseArchitecture(raw);
        const err = parsed.diagnostics.find((d) => d.severity === 'error');
        items.push(parsed.cell && !err ? { line: i + 1, cell: parsed.cell } : { line: i + 1, error: err?.message ?? 'not an architecture' });
      });
    }
    let failed = false;
    const converted: ArchDocumentInput['cells'] = [];
    for (const item of items) {
      if (!item.cell) {
        failed = true;
        process.stderr.write(`line ${item.line}: ${item.error}\n`);
        continue;
      }
      const name = item.name ?? `cell_${item.line}`;
      try {
        if (to === 'arch') converted.push({ name, cell: item.cell });
        else process.stdout.write(formatCell(item.cell, TARGETS[to]) + '\n');
      } catch (e) {
        failed = true;
        process.stderr.write(`line ${item.line}: ${(e as Error).message}\n`);
      }
    }
    if (to === 'arch') process.stdout.write(formatArchDocument({ ops: declaredOps, cells: converted }));
    return failed ? 3 : 0;
  },
};
