/**
 * tgnas convert: rewrite architectures in another notation without changing what they mean. A cell
 * keeps its space: `--to arch` writes the file's `op` and `space` declarations and each cell's
 * `in SPACE`; a line notation (NB201 string, Genotype, graph-json, NB101 JSON) is only written when
 * `tgnas score` / `info` would read it back in the same space, else the cell is refused with one line
 * that says why (unless --allow-space-change).
 */
import {
  BUILTIN_SPACES,
  FormatError,
  archIdentifier,
  formatArchDocument,
  formatCell,
  notation,
  outputNotations,
  parseArchDocument,
  type ArchDocumentInput,
  type NotationId,
} from '../core/formats';
import { builtinOperators, getSpace, listBuiltinSpaces, type SearchSpace } from '../core/spaces';
import type { Cell } from '../core/types';
import { parseArgs, stringFlag, UsageError } from './args';
import type { Command } from './command';
import { noArchitecture, readInput } from './io';
import { READ_HELP, readRecords, whereOf } from './records';

/** `--to` choices: every notation of the registry that can be written, and a `.arch` document. */
const TARGETS: readonly string[] = [...outputNotations(), 'arch'];

/** The built-in space a line in a target notation is read back in (`tgnas score`/`info` without --space). */
const targetSpace = (to: string) => getSpace(notation(to as NotationId).space)!;

interface Item {
  line: number;
  notebookCell?: number;
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
    `usage: tgnas convert --to ${TARGETS.join('|')} [--allow-space-change] [FILE|-]`,
    '',
    ...READ_HELP,
    "Output: one converted architecture per line; arch: a .arch document with the input's `op` and `space`",
    'declarations and each cell with its `in SPACE`, so every cell keeps its space and its score.',
    `A line notation is read back in one space (${outputNotations().map((n) => `${n}: ${notation(n).space}`).join(', ')}).`,
    'A cell of another space (a TransNAS-Bench-101 cell as nb201, an NB201 cell as graph-json, a cell of a space',
    'declared in the file) is refused with one line on stderr that names its space, since its score would change;',
    '--allow-space-change writes it anyway (graph-json of a DARTS cell: its normal half only).',
    'Every cell that cannot be converted, and every bad line, is reported on stderr with its line number (exit 3);',
    'an input without any architecture is reported on stderr too (exit 3).',
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, {
      to: { value: true, choices: [...TARGETS] },
      'allow-space-change': { value: false },
    });
    const to = stringFlag(args, 'to');
    if (!to) throw new UsageError("missing '--to'");
    if (args.positionals.length > 1) throw new UsageError('give one FILE (or - for stdin)');
    const allowSpaceChange = args.flags.has('allow-space-change');
    const file = args.positionals[0];
    const text = readInput(file);
    const isArch = !!file?.endsWith('.arch');
    const items: Item[] = readRecords(file, text, undefined).map((r) =>
      'error' in r ? { line: r.line, notebookCell: r.notebookCell, error: r.error } : { ...r, written: r.written ?? r.cell });
    if (!items.some((i) => i.cell || i.error)) return noArchitecture('convert', file);

    let failed = false;
    const refuse = (item: Item, message: string) => {
      failed = true;
      process.stderr.write(`${whereOf(item)}: ${message}\n`);
    };
    const converted: ArchDocumentInput['cells'] = [];
    // `.arch` cell names are identifiers and unique: Python keys ('PC-DARTS') and repeated variables are made so.
    const taken = new Set<string>();
    const uniqueName = (base: string) => {
      let name = base;
      for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
      taken.add(name);
      return name;
    };
    for (const item of items) {
      if (!item.cell || !item.space) {
        refuse(item, item.error ?? 'not an architecture');
        continue;
      }
      const label = item.name ? `cell '${item.name}'` : 'the cell';
      if (to === 'arch') {
        converted.push({
          name: uniqueName(archIdentifier(item.name ?? `cell_${item.notebookCell ? `${item.notebookCell}_` : ''}${item.line}`)),
          cell: item.written ?? item.cell,
          space: item.spaceName ?? archName(item.space),
        });
        continue;
      }
      let out: string;
      try {
        out = formatCell(item.cell, to as NotationId);
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        refuse(item, `${label}: ${e.message}`);
        continue;
      }
      const want = targetSpace(to);
      if (item.space !== want && !allowSpaceChange) {
        refuse(
          item,
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
