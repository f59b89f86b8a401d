/** Writing `.arch` text: cell values, cell / op / space statements and whole documents. */
import type { Cell } from '../../types';
import { formatGraphBlock } from '../graph-block';
import { CELL_NOTATION, notation } from '../notations';
import { DESCRIPTOR_ATTRIBUTES, archSpaceName, type OpDecl, type SpaceDecl } from './types';

/** Text of a cell in its own notation (NB201 string, Genotype, NB101 JSON, graph block, benchmark code). */
export function formatCellValue(cell: Cell): string {
  if (cell.kind === 'graph') return formatGraphBlock(cell);
  const w = notation(CELL_NOTATION[cell.kind]).write!(cell);
  if ('cannot' in w) throw new Error(w.cannot);
  return w.text;
}

/** Built-in space each cell kind falls in when no `in SPACE` is written (`.arch` names). */
function impliedSpace(cell: Cell): string {
  return archSpaceName(notation(CELL_NOTATION[cell.kind]).space);
}

/** `cell NAME [in SPACE] = VALUE`; the space is omitted when it is the one the notation implies. */
export function formatArchCell(name: string, cell: Cell, space?: string): string {
  const inSpace = space && space !== impliedSpace(cell) ? ` in ${space}` : '';
  return `cell ${name}${inSpace} = ${formatCellValue(cell)}`;
}

function formatNumber(n: number): string {
  return String(n);
}

/** What an `op` statement states: its name, sentence, kind, cost hints and declared descriptor values. */
export type OpDeclInput = Pick<OpDecl, 'name' | 'description'> &
  Partial<Pick<OpDecl, 'kind' | 'params' | 'flops' | 'kernel' | 'stride' | 'dilation' | 'channels'>>;

/** `op NAME "sentence" [kind=K] [params=N] [flops=N] [kernel=N] [stride=N] [dilation=N] [channels=R]`: every attribute it was given. */
export function formatOpDecl(op: OpDeclInput): string {
  let s = `op ${op.name} ${JSON.stringify(op.description)}`;
  if (op.kind && op.kind !== 'other') s += ` kind=${op.kind}`;
  for (const k of ['params', 'flops', ...DESCRIPTOR_ATTRIBUTES] as const) {
    const v = op[k];
    if (v !== undefined) s += ` ${k}=${formatNumber(v)}`;
  }
  return s;
}

export function formatSpaceDecl(space: Pick<SpaceDecl, 'name' | 'ops'> & Partial<SpaceDecl>): string {
  const lines = [`space ${space.name} {`];
  if (space.topology) lines.push(`  topology: ${space.topology}`);
  lines.push(`  ops: [${space.ops.join(', ')}]`);
  if (space.maxNodes !== undefined) lines.push(`  max_nodes: ${space.maxNodes}`);
  if (space.maxEdges !== undefined) lines.push(`  max_edges: ${space.maxEdges}`);
  if (space.maxParamsM !== undefined) lines.push(`  max_params: ${formatNumber(space.maxParamsM)}`);
  if (space.maxFlopsM !== undefined) lines.push(`  max_flops: ${formatNumber(space.maxFlopsM)}`);
  lines.push('}');
  return lines.join('\n');
}

export interface ArchDocumentInput {
  ops?: OpDeclInput[];
  spaces?: Array<Pick<SpaceDecl, 'name' | 'ops'> & Partial<SpaceDecl>>;
  cells: Array<{ name: string; cell: Cell; space?: string; comment?: string }>;
  /** Comment placed at the top (one `#` line per line of text). */
  header?: string;
}

/** A whole `.arch` document (used by `tgnas convert --to arch`). */
export function formatArchDocument(doc: ArchDocumentInput): string {
  const blocks: string[] = [];
  if (doc.header) blocks.push(doc.header.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n'));
  if (doc.ops?.length) blocks.push(doc.ops.map(formatOpDecl).join('\n'));
  for (const s of doc.spaces ?? []) blocks.push(formatSpaceDecl(s));
  const cells = doc.cells.map((c) => (c.comment ? `# ${c.comment}\n` : '') + formatArchCell(c.name, c.cell, c.space));
  if (cells.length) blocks.push(cells.join('\n'));
  return `${blocks.join('\n\n')}\n`;
}

/** A valid `.arch` identifier from any label ("PC-DARTS (ImageNet)" -> "PC_DARTS_ImageNet"). */
export function archIdentifier(label: string): string {
  const s = label.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z_]/.test(s) ? s : `c_${s}`;
}
