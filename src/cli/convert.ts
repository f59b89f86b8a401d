/**
 * tgnas convert: rewrite architectures in another notation without changing what they mean. A cell
 * keeps its space: `--to arch` writes the file's `op` and `space` declarations and each cell's
 * `in SPACE`; a line notation (NB201 string, Genotype, graph-json, NB101 JSON) is only written when
 * `tgnas score` / `info` would read it back in the same space, else the cell is refused with one line
 * that says why (unless --allow-space-change).
 */
import { analyzeDocument } from '../core/analysis';
import {
  BUILTIN_SPACES,
  FormatError,
  formatArchDocument,
  formatCell,
  parseArchDocument,
  type ArchDocumentInput,
  type OutputNotation,
} from '../core/formats';
import { builtinOperators, getSpace, listBuiltinSpaces, type SearchSpace } from '../core/spaces';
import type { Cell } from '../core/types';
import { parseArgs, stringFlag, UsageError } from './args';
import type { Command } from './command';
import { noArchitecture, readInput } from './io';
import { lineRecord } from './records';

const TARGETS: Record<string, OutputNotation> = {
  nb201: 'nb201',
  genotype: 'genotype',
  'graph-json': 'graph-json',
  'nb101-json': 'nb101-json',
  arch: 'arch',
};

/** The built-in space a line in each target notation is read in (`tgnas score`/`info` without --space). */
const TARGET_SPACE: Record<string, string> = { nb201: 'nb201', genotype: 'darts', 'graph-json': 'graph', 'nb101-json': 'nb101' };

interface Item {
  line: number;
  name?: string;
  /** The cell as its space holds it. */
  cell?: Cell;
  /** The cell as written in a `.arch` file (a graph block stays a graph block under --to arch). */
  written?: Cell;
  space?: SearchSpace;
  /** Space name as the `.arch` file writes it (`in NAME`), or inferred from the notation. */
  spaceName?: string;
  error?: string;
}

export const convertCommand: Command = {
  name: 'convert',
  summary: 'rewrite architectures in another notation (same space, same score)',
  usage: [
    'usage: tgnas convert --to nb201|genotype|graph-json|nb101-json|arch [--allow-space-change] [FILE|-]',
    '',
    'Input: one architecture per line in any notation, or a .arch file (every cell).',
    "Output: one converted architecture per line; arch: a .arch document with the input's `op` and `space`",
    'declarations and each cell with its `in SPACE`, so every cell keeps its space and its score.',
    'A line notation is read back in one space (nb201: nb201, genotype: darts, graph-json: graph, nb101-json: nb101).',
    'A cell of another space (a TransNAS-Bench-101 cell as nb201, an NB201 cell as graph-json, a cell of a space',
    'declared in the file) is refused with one line on stderr that names its space, since its score would change;',
    '--allow-space-change writes it anyway (graph-json of a DARTS cell: its normal half only).',
    'Every cell that cannot be converted, and every bad line, is reported on stderr with its line number (exit 3);',
    'an input without any architecture is reported on stderr too (exit 3).',
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, {
      to: { value: true, choices: Object.keys(TARGETS) },
      'allow-space-change': { value: false },
    });
    const to = stringFlag(args, 'to');
    if (!to) throw new UsageError("missing '--to'");
    if (args.positionals.length > 1) throw new UsageError('give one FILE (or - for stdin)');
    const allowSpaceChange = args.flags.has('allow-space-change');
    const file = args.positionals[0];
    const text = readInput(file);
    const isArch = !!file?.endsWith('.arch');
    const items = isArch ? archItems(file!, text) : lineItems(text);
    if (!items.some((i) => i.cell || i.error)) return noArchitecture('convert', file);

    let failed = false;
    const refuse = (line: number, message: string) => {
      failed = true;
      process.stderr.write(`line ${line}: ${message}\n`);
    };
    const converted: ArchDocumentInput['cells'] = [];
    for (const item of items) {
      if (!item.cell || !item.space) {
        refuse(item.line, item.error ?? 'not an architecture');
        continue;
      }
      const label = item.name ? `cell '${item.name}'` : 'the cell';
      if (to === 'arch') {
        converted.push({
          name: item.name ?? `cell_${item.line}`,
          cell: item.written ?? item.cell,
          space: item.spaceName ?? archName(item.space),
        });
        continue;
      }
      let out: string;
      try {
        out = formatCell(item.cell, TARGETS[to]);
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        refuse(item.line, `${label}: ${e.message}`);
        continue;
      }
      const want = getSpace(TARGET_SPACE[to])!;
      if (item.space !== want && !allowSpaceChange) {
        refuse(
          item.line,
          `cannot write ${label} as ${to}: it is in ${spaceText(item)}, but ${to} is read in space ` +
            `'${archName(want)}' and would score differently (--to arch keeps the space; --allow-space-change writes it anyway)`,
        );
        continue;
      }
      process.stdout.write(out + '\n');
    }
    if (to === 'arch' && converted.length) {
      const decls = isArch ? declarations(text) : {};
      process.stdout.write(formatArchDocument({ ...decls, cells: converted }));
    }
    return failed ? 3 : 0;
  },
};

/** Every cell of a .arch file in its analysed space, and every error, in line order. */
function archItems(file: string, text: string): Item[] {
  const analysis = analyzeDocument(file, text, { language: 'arch' });
  const written = new Map(analysis.cellDecls.map((d) => [d.offset, d.cell]));
  const items: Item[] = analysis.cells.map((c) => ({
    line: c.range.line,
    name: c.name,
    cell: c.cell,
    written: written.get(c.offset),
    space: c.space,
    spaceName: c.spaceName,
  }));
  for (const d of analysis.diagnostics) {
    if (d.severity === 'error') items.push({ line: d.range.line, error: `${d.message} (column ${d.range.column})` });
  }
  return items.sort((a, b) => a.line - b.line);
}

/** One item per non-empty, non-comment line, read as `tgnas score` reads it. */
function lineItems(text: string): Item[] {
  const items: Item[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const r = lineRecord(raw, i + 1, undefined);
    if (!r) return;
    items.push('error' in r ? { line: r.line, error: r.error } : { line: r.line, name: r.name, cell: r.cell, space: r.space });
  });
  return items;
}

/** The file's `op` and `space` declarations as parsed (the first of each name; built-in names are errors). */
function declarations(text: string): Pick<ArchDocumentInput, 'ops' | 'spaces'> {
  const doc = parseArchDocument(text);
  const builtinOps = builtinOperators();
  const first = <T extends { name: string }>(list: T[], skip: (name: string) => boolean): T[] => {
    const seen = new Set<string>();
    return list.filter((d) => !skip(d.name) && !seen.has(d.name) && (seen.add(d.name), true));
  };
  return {
    ops: first(doc.ops, (n) => builtinOps.has(n)),
    spaces: first(doc.spaces, (n) => BUILTIN_SPACES.has(n)),
  };
}

/** The `.arch` name of a built-in space (`tnb101` for tnb101-micro); a custom space's own id. */
function archName(space: SearchSpace): string {
  return listBuiltinSpaces().find((b) => b.space === space)?.archName ?? space.id;
}

function spaceText(item: Item): string {
  const s = item.space!;
  const name = item.spaceName ?? archName(s);
  if (getSpace(s.id) === s) return `space '${name}' (${s.label})`;
  if (s.id.endsWith('.ext')) return `space '${name}' with operators declared in the file`;
  return `space '${name}', declared in the file`;
}
