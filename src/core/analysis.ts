/**
 * One document -> the cells it holds, each bound to the search space that scores it, plus every
 * diagnostic that needs no model. Shared by `tgnas check` and the language server (which adds the
 * model-dependent ones: operators the model has never seen).
 *
 *   const a = analyzeDocument('cells.arch', text);
 *   for (const c of a.cells) console.log(c.name, c.space.id, c.key);
 *
 * `.arch` files: parseArchDocument, custom spaces from `space` blocks (createCustomSpace), membership
 * (space.validate) and declared limits (checkLimits). Any other file: NB201 strings and Genotype(...)
 * literals found in the text. Never throws; a bug surfaces as an 'internal-error' diagnostic.
 */
import { findArchitectures, type FoundArchitecture } from './formats/finder';
import { findNotation, notation } from './formats/notations';
import { BUILTIN_SPACES, parseArchDocument, type ArchDocument, type CellDecl, type OpDecl, type SpaceDecl } from './formats/arch';
import { graphToNb101, toGraphCell } from './formats/convert';
import {
  CustomSpaceError, checkLimits, createCustomSpace, findBuiltinSpace, getSpace, type CustomOperatorDecl, type CustomSpaceDecl, type SearchSpace,
} from './spaces';
import type { Cell, Diagnostic, SourceRange } from './types';
import type { OpDescriptor } from './descriptors/operator';
import { capDiagnostics, documentCut } from './document-bounds';

export { capDiagnostics } from './document-bounds';

/** How to rebuild a space anywhere (e.g. in a search worker): a built-in id or a custom declaration. */
export type SpaceSpec = { builtin: string } | { custom: CustomSpaceDecl };

export interface AnalyzedCell {
  /** `.arch` cell name; undefined for literals found in other files. */
  name?: string;
  /** Literals in other files: the Python variable or dict key they are assigned to, if any. */
  variable?: string;
  range: SourceRange;
  nameRange?: SourceRange;
  /** Offsets of the whole declaration / literal, end exclusive. */
  offset: number;
  endOffset: number;
  notation: string;
  /** Space name as written in the document ('nb201', 'ghost201', ...). */
  spaceName: string;
  space: SearchSpace;
  spec: SpaceSpec;
  /** Stable identity of the space's definition: equal fingerprints score equally. */
  spaceFingerprint: string;
  cell: Cell;
  /** space.key(cell): equal for equivalent cells. */
  key: string;
}

export interface AnalyzedSpace {
  name: string;
  /** Undefined for built-in spaces. */
  range?: SourceRange;
  nameRange?: SourceRange;
  offset?: number;
  endOffset?: number;
  /** Undefined when the declaration is broken (its diagnostics say why). */
  space?: SearchSpace;
  spec?: SpaceSpec;
  spaceFingerprint?: string;
}

export interface DocumentAnalysis {
  kind: 'arch' | 'text';
  /** Valid cells only, in document order. */
  cells: AnalyzedCell[];
  /** `.arch` declarations (empty for other files). */
  ops: OpDecl[];
  /** Declared spaces of a `.arch` file (built-in ones are not listed). */
  spaces: AnalyzedSpace[];
  /** Every `.arch` cell declaration, valid or not (hover explains the broken ones). */
  cellDecls: CellDecl[];
  diagnostics: Diagnostic[];
}

export interface AnalyzeOptions {
  /** Force the reading; default from the file extension (.arch -> arch). */
  language?: 'arch' | 'text';
  /** NB201/Genotype literal errors in non-.arch files: default 'warning' (it is someone else's code). */
  textSeverity?: 'error' | 'warning';
  /** The text is only the start of a larger file (read with a size cap): analysed as cut there. */
  truncated?: boolean;
  /**
   * `.arch` only: declarations (`op`, `space` statements) of sibling documents that apply here too,
   * e.g. the other `.arch` cells of one notebook. Only this document's own cells, declarations and
   * diagnostics are returned; the context's own problems are reported where it comes from.
   */
  context?: string;
}

// Spaces are rebuilt from their declaration only when it changes: a stable object keeps the proxy's
// per-space caches (reference percentiles) warm across keystrokes.
const spaceCache = new Map<string, SearchSpace>();
const SPACE_CACHE_LIMIT = 64;

const fingerprints = new WeakMap<SpaceSpec, string>();

export function spaceFingerprint(spec: SpaceSpec): string {
  if ('builtin' in spec) return spec.builtin;
  // Once per spec object: the cells of a document share their space's spec (a long operator list).
  let fp = fingerprints.get(spec);
  if (fp === undefined) fingerprints.set(spec, (fp = `custom:${JSON.stringify(spec.custom)}`));
  return fp;
}

/** The space of a spec; throws CustomSpaceError for a bad declaration, Error for an unknown built-in. */
export function spaceFromSpec(spec: SpaceSpec): SearchSpace {
  if ('builtin' in spec) {
    const s = getSpace(spec.builtin);
    if (!s) throw new Error(`unknown built-in space '${spec.builtin}'`);
    return s;
  }
  const fp = spaceFingerprint(spec);
  let s = spaceCache.get(fp);
  if (!s) {
    s = createCustomSpace(spec.custom);
    if (spaceCache.size >= SPACE_CACHE_LIMIT) spaceCache.delete(spaceCache.keys().next().value as string);
    spaceCache.set(fp, s);
  }
  return s;
}

function opDeclToCustom(d: OpDecl): CustomOperatorDecl {
  const per = d.params ?? d.flops;
  const descriptor = declaredDescriptor(d);
  return {
    name: d.name, description: d.description, kind: d.kind,
    ...(per !== undefined ? { cost: { perChannelSq: per } } : {}),
    ...(descriptor ? { descriptor } : {}),
  };
}

/**
 * What an `op` declaration states about its cost descriptor: `kernel`, `stride`, `dilation`,
 * `channels` as written, `params` as dense weights per C_in·C_out, and a `kind` other than
 * 'other' as the family flags. Undefined when it states nothing (the sentence estimate stands).
 */
export function declaredDescriptor(d: OpDecl): Partial<OpDescriptor> | undefined {
  const out: Partial<OpDescriptor> = {};
  if (d.kernel !== undefined) out.kernel = d.kernel;
  if (d.stride !== undefined) out.stride = d.stride;
  if (d.dilation !== undefined) out.dilation = d.dilation;
  if (d.channels !== undefined) out.channelRatio = d.channels;
  if (d.params !== undefined) {
    out.dense = d.params;
    out.depthwise = 0;
    out.parametric = d.params > 0;
  }
  if (d.kind !== 'other') {
    Object.assign(out, { parametric: out.parametric ?? d.kind === 'conv', identity: d.kind === 'skip', zero: d.kind === 'none', pooling: d.kind === 'pool' });
  }
  return Object.keys(out).length ? out : undefined;
}

export function analyzeDocument(fileName: string, text: string, options: AnalyzeOptions = {}): DocumentAnalysis {
  const language = options.language ?? (/\.arch$/i.test(fileName) ? 'arch' : 'text');
  try {
    const cut = documentCut(text, language, options.truncated === true);
    const prefix = cut === undefined ? text : text.slice(0, cut.at);
    const a = language !== 'arch' ? analyzeText(prefix, options.textSeverity ?? 'warning')
      : options.context ? ownPart(analyzeArch(`${prefix}\n${options.context}`), prefix) : analyzeArch(prefix);
    a.diagnostics = capDiagnostics(a.diagnostics);
    if (cut) a.diagnostics.push(cut.diagnostic);
    return a;
  } catch (e) {
    return {
      kind: language, cells: [], ops: [], spaces: [], cellDecls: [],
      diagnostics: [{
        severity: 'error', code: 'internal-error', range: { line: 1, column: 1, endLine: 1, endColumn: 1 },
        message: `TG-NAS could not analyse this document (${e instanceof Error ? e.message : String(e)}); please report it`,
      }],
    };
  }
}

/**
 * The part of an analysis of `own + '\n' + context` that belongs to `own`. Declarations are order-free
 * (a cell may use an `op` declared below it) and every statement starts on its own line, so the
 * context appended below resolves names without moving a single position of the document's own text.
 */
function ownPart(a: DocumentAnalysis, own: string): DocumentAnalysis {
  const end = own.length;
  let lines = 1;
  for (let i = own.indexOf('\n'); i >= 0; i = own.indexOf('\n', i + 1)) lines++;
  return {
    kind: a.kind,
    cells: a.cells.filter((c) => c.offset < end),
    ops: a.ops.filter((o) => o.offset < end),
    spaces: a.spaces.filter((s) => s.offset === undefined || s.offset < end),
    cellDecls: a.cellDecls.filter((c) => c.offset < end),
    diagnostics: a.diagnostics.filter((d) => d.range.line <= lines),
  };
}

function analyzeArch(text: string): DocumentAnalysis {
  const doc: ArchDocument = parseArchDocument(text);
  const diagnostics = [...doc.diagnostics];
  const declared = new Map<string, OpDecl>();
  for (const d of doc.ops) if (!declared.has(d.name)) declared.set(d.name, d);

  // Declared spaces. The parser already reports missing topology/ops and duplicates; only complete
  // declarations reach createCustomSpace, whose problems are the semantic ones the parser cannot see.
  const spaces: AnalyzedSpace[] = [];
  const byName = new Map<string, AnalyzedSpace>();
  for (const s of doc.spaces) {
    const entry: AnalyzedSpace = { name: s.name, range: s.range, nameRange: s.nameRange, offset: s.offset, endOffset: s.endOffset };
    spaces.push(entry);
    if (byName.has(s.name) || BUILTIN_SPACES.has(s.name)) continue;
    byName.set(s.name, entry);
    if (!s.topology || s.ops.length === 0) continue;
    const spec: SpaceSpec = { custom: customDecl(s, declared) };
    try {
      entry.space = spaceFromSpec(spec);
      entry.spec = spec;
      entry.spaceFingerprint = spaceFingerprint(spec);
    } catch (e) {
      const problems = e instanceof CustomSpaceError ? e.problems : [e instanceof Error ? e.message : String(e)];
      for (const p of problems) diagnostics.push({ severity: 'error', range: s.nameRange, code: 'space-invalid', message: `space '${s.name}': ${p}` });
    }
  }

  const cells: AnalyzedCell[] = [];
  const extended = new Map<string, { spec: SpaceSpec; space: SearchSpace } | undefined>();
  for (const d of doc.cells) {
    if (!d.cell || !d.notation) continue;
    const resolved = resolveCellSpace(d, byName, declared, extended);
    if (!resolved) continue;
    const { spec, space } = resolved;
    const cell = adaptCell(d.cell, space);
    const problems = cell ? space.validate(cell) : [`a ${d.cell.kind} cell does not fit the ${space.topology} topology of '${d.space}'`];
    if (problems.length > 0 || !cell) {
      for (const p of problems) diagnostics.push({ severity: 'error', range: d.valueRange ?? d.range, code: 'invalid-cell', message: `cell '${d.name}' is not in space '${d.space}': ${p}` });
      continue;
    }
    for (const p of checkLimits(space, cell)) {
      diagnostics.push({ severity: 'warning', range: d.nameRange, code: 'limit-exceeded', message: `cell '${d.name}': ${p} of space '${d.space}'; searches skip such cells` });
    }
    cells.push({
      name: d.name, range: d.range, nameRange: d.nameRange, offset: d.offset, endOffset: d.endOffset,
      notation: d.notation, spaceName: d.space, space, spec, spaceFingerprint: spaceFingerprint(spec), cell, key: space.key(cell),
    });
  }
  diagnostics.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  return { kind: 'arch', cells, ops: doc.ops, spaces, cellDecls: doc.cells, diagnostics };
}

function customDecl(s: SpaceDecl, declared: Map<string, OpDecl>): CustomSpaceDecl {
  const fixedShape = s.topology === 'nb201' || s.topology === 'darts';
  return {
    id: s.name,
    topology: s.topology!,
    operators: s.ops.map((o) => (declared.has(o) ? opDeclToCustom(declared.get(o)!) : o)),
    // The parser already warns that node/edge bounds do not apply to fixed-shape cells.
    ...(!fixedShape && s.maxNodes !== undefined ? { maxNodes: s.maxNodes } : {}),
    ...(!fixedShape && s.maxEdges !== undefined ? { maxEdges: s.maxEdges } : {}),
    ...(s.maxParamsM !== undefined ? { maxParamsM: s.maxParamsM } : {}),
    ...(s.maxFlopsM !== undefined ? { maxFlopsM: s.maxFlopsM } : {}),
  };
}

/**
 * A cell's space. Built-in spaces in `.arch` files also admit the file's declared operators, so a
 * cell that uses one is scored in "<space> + declared operators" (a custom space of the same shape);
 * every other cell keeps the built-in space, with its calibration.
 */
function resolveCellSpace(
  d: CellDecl, byName: Map<string, AnalyzedSpace>, declared: Map<string, OpDecl>,
  extended: Map<string, { spec: SpaceSpec; space: SearchSpace } | undefined>,
): { spec: SpaceSpec; space: SearchSpace } | undefined {
  const custom = byName.get(d.space);
  if (custom) return custom.space && custom.spec ? { spec: custom.spec, space: custom.space } : undefined;
  const base = findBuiltinSpace(d.space)?.space;
  if (!base) return undefined;
  const builtinId = base.id;
  const used = cellOps(d.cell!).filter((o) => declared.has(o));
  const topology = base.topology;
  if (used.length === 0 || topology === 'tnb101-macro' || topology === 'nbmr') return { spec: { builtin: builtinId }, space: base };
  // One extended space per built-in space and document (built once: its spec lists every declared operator).
  if (extended.has(d.space)) return extended.get(d.space);
  const spec: SpaceSpec = {
    custom: {
      id: `${d.space}.ext`,
      label: `${base.label} + declared operators`,
      topology,
      // All declared operators, not only this cell's: every cell of the file then shares one space.
      operators: [...base.operators.map((o) => o.name), ...[...declared.values()].map(opDeclToCustom)],
      ...(topology === 'nb101' ? { maxNodes: 7, maxEdges: 9 } : {}),
    },
  };
  let resolved: { spec: SpaceSpec; space: SearchSpace } | undefined;
  try {
    resolved = { spec, space: spaceFromSpec(spec) };
  } catch {
    resolved = undefined;
  }
  extended.set(d.space, resolved);
  return resolved;
}

export function cellOps(cell: Cell): string[] {
  switch (cell.kind) {
    case 'nb201':
    case 'nb101':
    case 'graph':
      return cell.ops;
    case 'darts':
      return [...cell.normal.map((p) => p[0]), ...cell.reduce.map((p) => p[0])];
    case 'tnb101-macro':
    case 'nbmr':
      // Whole-network codes name no operators (their graphs use the space's own fixed operators).
      return [];
  }
}

/** Graph blocks may fill NB101-shaped spaces and NB101 JSON graph-shaped ones: convert to the space's kind. */
function adaptCell(cell: Cell, space: SearchSpace): Cell | undefined {
  if (cell.kind === space.cellKind) return cell;
  if (space.cellKind === 'nb101' && cell.kind === 'graph') return graphToNb101(cell);
  if (space.cellKind === 'graph' && cell.kind === 'nb101') return toGraphCell(cell);
  return undefined;
}

function analyzeText(text: string, severity: 'error' | 'warning'): DocumentAnalysis {
  const found: FoundArchitecture[] = findArchitectures(text);
  const diagnostics: Diagnostic[] = [];
  const cells: AnalyzedCell[] = [];
  for (const f of found) {
    for (const d of f.diagnostics) diagnostics.push(d.severity === 'error' ? { ...d, severity } : d);
    if (!f.cell) continue;
    const builtin = notation(f.notation).space;
    const entry = findBuiltinSpace(builtin)!;
    const space = entry.space;
    if (space.validate(f.cell).length > 0) continue;
    cells.push({
      range: f.range, offset: f.start, endOffset: f.end, notation: f.notation, spaceName: entry.archName, space, variable: f.name,
      spec: { builtin }, spaceFingerprint: builtin, cell: f.cell, key: space.key(f.cell),
    });
  }
  return { kind: 'text', cells, ops: [], spaces: [], cellDecls: [], diagnostics };
}

/** What a literal found in a non-.arch file is called (outline, hover): its notation's label. */
export function literalTitle(id: string): string {
  return findNotation(id)?.label ?? 'architecture';
}

/** The analysed cell whose declaration contains an offset. */
export function cellAt(analysis: DocumentAnalysis, offset: number): AnalyzedCell | undefined {
  return analysis.cells.find((c) => c.offset <= offset && offset < c.endOffset);
}
