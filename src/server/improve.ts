/**
 * "Improve this cell" code actions: on any architecture under the cursor, the best single edits
 * (one operator changed or one input rewired; core/search/improve.ts) with their predicted gain and
 * params change, each a normal, undoable text edit in the author's notation; and "apply the best three
 * in a row" (a greedy hill-climb), marked as needing confirmation so the editor previews it first.
 * Limits: the file's `space` block and the tgnas.limits.* settings. Results are cached per cell and
 * model, because the editor asks for code actions on every cursor move.
 */
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzedCell, DocumentAnalysis } from '../core/analysis';
import { formatCell, formatGraphBlock, FormatError, toGraphCell, type NotationId } from '../core/formats';
import { hillClimb, improveCell, type CellEdit, type SearchLimits } from '../core/search';
import type { SearchSpace } from '../core/spaces';
import type { Cell } from '../core/types';
import type { ArchScore, Proxy } from '../core/proxy';
import { percent } from '../shared/score-words';

/** Single edits offered; the hill-climb is one more action. */
const OFFERED = 3;
const CLIMB_STEPS = 3;
const CACHE_LIMIT = 64;

export interface ImproveContext {
  /** The loaded proxy, or undefined while none is ready (no action is offered then). */
  proxy(): Proxy | undefined;
  /** Whether the space's operator sentences are final (./sentences): else scoring would embed half-typed text. */
  allows(space: SearchSpace): boolean;
  limits(): SearchLimits;
}

interface Offer {
  title: string;
  cell: Cell;
}

interface Offers {
  singles: Offer[];
  base: ArchScore;
}

/** Offers per proxy (a model or encoder change makes a new one), then per cell, space and limits. */
const cache = new WeakMap<Proxy, Map<string, Offers>>();

/** Operator-as-node cells above this many nodes get no offers: their neighbours grow with the square of the size. */
const MAX_GRAPH_NODES = 24;

/** What a hill-climb action carries until the editor resolves it (`codeAction/resolve`). */
export interface ClimbData {
  tgnasClimb: { uri: string; version: number; offset: number };
}

/** The cell under `offset` and the text range an edit of it replaces, if any. */
function cellAt(analysis: DocumentAnalysis, offset: number): { c: AnalyzedCell; target: { start: number; end: number } } | undefined {
  const c = analysis.cells.find((x) => x.offset <= offset && offset <= x.endOffset);
  const target = c && replacedRange(analysis, c);
  return c && target ? { c, target } : undefined;
}

/**
 * The improve actions for the cell under `range` (none when the cursor is on no scored architecture):
 * the best single edits with their edits, and "apply the best three in a row", whose edit is computed
 * only when chosen (resolveClimb): the code-action request stays one batched score.
 */
export async function improveActions(doc: TextDocument, analysis: DocumentAnalysis, range: Range, ctx: ImproveContext): Promise<CodeAction[]> {
  const proxy = ctx.proxy();
  if (!proxy) return [];
  // The analysis is of this version: edits are built only if the document is still at it after the awaits.
  const version = doc.version;
  const offset = doc.offsetAt(range.start);
  const at = cellAt(analysis, offset);
  if (!at || !ctx.allows(at.c.space) || !improvable(at.c, doc.getText().slice(at.target.start, at.target.end))) return [];
  const { c, target } = at;
  const limits = ctx.limits();
  const key = `${c.spaceFingerprint}\u0000${c.key}\u0000${JSON.stringify(limits)}`;
  let perProxy = cache.get(proxy);
  if (!perProxy) cache.set(proxy, (perProxy = new Map()));
  let offers = perProxy.get(key);
  if (!offers) {
    offers = await computeOffers(proxy, c, limits);
    if (perProxy.size >= CACHE_LIMIT) perProxy.delete(perProxy.keys().next().value as string);
    perProxy.set(key, offers);
  }
  // Edits for the text the analysis was made of, versioned: the editor refuses them once the document changed.
  if (doc.version !== version) return [];
  const old = doc.getText().slice(target.start, target.end);
  const textDocument = { uri: doc.uri, version };
  const where = { start: doc.positionAt(target.start), end: doc.positionAt(target.end) };
  const actions: CodeAction[] = [];
  for (const o of offers.singles) {
    const text = writeAsAuthor(old, c, o.cell);
    if (text !== undefined) actions.push({ title: o.title, kind: CodeActionKind.RefactorRewrite, edit: { documentChanges: [{ textDocument, edits: [{ range: where, newText: text }] }] } });
  }
  if (actions.length > 1) {
    const data: ClimbData = { tgnasClimb: { uri: doc.uri, version, offset } };
    actions.push({ title: `TG-NAS: apply the best ${CLIMB_STEPS} edits in a row (preview)`, kind: CodeActionKind.RefactorRewrite, data });
  }
  return actions;
}

/**
 * Fills in a hill-climb action's edit: three greedy steps from the cell, one text edit marked as needing
 * confirmation (the editor previews it). Unchanged when the document moved on or the cell is gone.
 */
export async function resolveClimb(action: CodeAction, doc: TextDocument | undefined, analysis: DocumentAnalysis | undefined, ctx: ImproveContext): Promise<CodeAction> {
  const d = (action.data as Partial<ClimbData> | undefined)?.tgnasClimb;
  const proxy = ctx.proxy();
  if (!d || !doc || !analysis || !proxy || doc.version !== d.version) return action;
  const version = doc.version;
  const at = cellAt(analysis, d.offset);
  if (!at) return action;
  const { c, target } = at;
  const space = c.space as SearchSpace<Cell>;
  const scorer = (cells: Cell[]) => proxy.scoreRaw(space, cells);
  const path = await hillClimb(space, c.cell, scorer, CLIMB_STEPS, { limits: ctx.limits() });
  if (path.length === 0) return action;
  const last = path[path.length - 1].cell;
  const [base, after] = await proxy.score(space, [c.cell, last], { dataset: 'default' });
  if (doc.version !== version) return action;
  const text = writeAsAuthor(doc.getText().slice(target.start, target.end), c, last);
  if (text === undefined) return action;
  const steps = path.map((e) => e.description).join('; then ');
  const label = `TG-NAS: ${path.length} edits (${gain(base, after)})`;
  return {
    ...action,
    edit: {
      changeAnnotations: { tgnasClimb: { label, needsConfirmation: true, description: steps } },
      documentChanges: [{
        textDocument: { uri: doc.uri, version },
        edits: [{ range: { start: doc.positionAt(target.start), end: doc.positionAt(target.end) }, newText: text, annotationId: 'tgnasClimb' }],
      }],
    },
  };
}

/**
 * Whether edits can be offered: a notation the cell can be written back in, a layout that writing keeps
 * (FairDARTS triples, GDAS/SETN groups and NB101 `module_*` keys would come back in another layout, which
 * their code could not load), and a size whose neighbours stay cheap to list.
 */
export function improvable(c: AnalyzedCell, written: string): boolean {
  if (c.notation === 'nb101-modelspec' || c.notation === 'naslib-nb101') return false;
  if (c.notation === 'genotype' && (/\(\s*\(\s*['"]/.test(written) || /['"]\w+['"]\s*,\s*\d+\s*,\s*\d+\s*[)\]]/.test(written) || /\bconnect/.test(written))) return false;
  if (c.notation === 'nb101-json' && /module_(adjacency|operations)/.test(written)) return false;
  if ((c.cell.kind === 'graph' || c.cell.kind === 'nb101') && c.cell.ops.length > MAX_GRAPH_NODES) return false;
  return true;
}

/** "+3.2 pct, ≈ 93.1 % (+0.40 points)": percentile gain, and accuracy where the space is calibrated. */
function gain(base: ArchScore, s: ArchScore): string {
  const pct = `${signed(s.percentile - base.percentile, 1)} pct`;
  const acc = s.predictedAccuracy && base.predictedAccuracy ? `, ≈ ${percent(s.predictedAccuracy.value)} (${signed(s.predictedAccuracy.value - base.predictedAccuracy.value)} points)` : '';
  return `${pct}${acc}`;
}

async function computeOffers(proxy: Proxy, c: AnalyzedCell, limits: SearchLimits): Promise<Offers> {
  const space = c.space as SearchSpace<Cell>;
  const scorer = (cells: Cell[]) => proxy.scoreRaw(space, cells);
  const { edits } = await improveCell(space, c.cell, scorer, { top: OFFERED, limits });
  // Percentiles (and calibrated accuracy) of the cell and of every offered edit, in one batch.
  const [base, ...scored] = await proxy.score(space, [c.cell, ...edits.map((e) => e.cell)], { dataset: 'default' });
  const cost = (e: CellEdit<Cell>) => (e.deltaParamsM !== undefined ? `, params ${signed(e.deltaParamsM, 3)} M` : '');
  return { base, singles: edits.map((e, i) => ({ title: `TG-NAS: ${e.description} (${gain(base, scored[i])}${cost(e)})`, cell: e.cell })) };
}

function signed(x: number, digits = 2): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;
}

/** What the edit replaces: a `.arch` cell's value, or a literal found in other text. */
function replacedRange(analysis: DocumentAnalysis, c: AnalyzedCell): { start: number; end: number } | undefined {
  if (analysis.kind !== 'arch') return { start: c.offset, end: c.endOffset };
  const decl = analysis.cellDecls.find((d) => d.offset === c.offset);
  return decl?.valueOffset !== undefined && decl.valueEndOffset !== undefined ? { start: decl.valueOffset, end: decl.valueEndOffset } : undefined;
}

/** The new cell in the notation the author wrote the old one in (quotes, and a Genotype's module prefix, kept). */
function writeAsAuthor(old: string, c: AnalyzedCell, cell: Cell): string | undefined {
  try {
    if (c.notation === 'graph') return formatGraphBlock(toGraphCell(cell));
    let text = formatCell(cell, c.notation as NotationId);
    if (c.name !== undefined) return text; // a `.arch` value: written as the language writes it
    if (c.notation === 'genotype') text = (/^((?:[A-Za-z_]\w*\.)*)Genotype/.exec(old)?.[1] ?? '') + text;
    // An NB201 string read from adjacent Python strings: one quoted string in their place.
    const q = old[0] === "'" || old[0] === '"' ? old[0] : '';
    return q + text + q;
  } catch (e) {
    // Read-only notations (ModelSpec) and cells a notation cannot hold get no action.
    if (e instanceof FormatError) return undefined;
    throw e;
  }
}
