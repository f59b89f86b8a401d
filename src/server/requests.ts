/**
 * The custom requests of src/shared/protocol.ts other than search: score, graph, export, leaderboard,
 * and the rows tgnas/documentScored publishes. A cell is found by position or name in an open
 * document (or a `file:` document on disk), or parsed from an architecture text.
 */
import { existsSync } from 'node:fs';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, cellAt, spaceFingerprint, spaceFromSpec, type AnalyzedCell, type DocumentAnalysis, type SpaceSpec } from '../core/analysis';
import { exportPytorch } from '../core/export/pytorch';
import { readRegularFile, UnreadableFileError, walkFiles } from '../core/files';
import { MAX_DOCUMENT_CHARS } from '../core/limits';
import { CELL_NOTATION, formatCell, parseArchitecture } from '../core/formats';
import { defaultSpaceFor, findBuiltinSpace } from '../core/spaces';
import type {
  CellLocator, ExportPytorchResult, GraphNode, GraphResult, LeaderboardParams, LeaderboardResult, ScoredCell, ScoreParams, ScoreResult,
} from '../shared/protocol';
import { toRange } from './convert';
import type { AnalysisStore } from './documents';
import type { CancelToken, ScoreService } from './score-service';
import { scoreSentence } from '../shared/score-words';
import { diskPath, isArchFileUri, pathToUri } from './uri';

/** A request that cannot be answered as asked (answered as InvalidParams with its one-line message). */
export class RequestError extends Error {}

const MAX_FILES = 500;
const MAX_FILE_BYTES = 1 << 20;
/** Leaderboard rows (cost + text per cell) built between two turns of the event loop. */
const ROW_BATCH = 1000;

export class Requests {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: AnalysisStore,
    private readonly scores: ScoreService,
    private readonly workspaceFolders: () => string[],
    /** Where skipped workspace files are reported (one line each); stderr reaches the client's output channel. */
    private readonly log: (m: string) => void = (m) => void process.stderr.write(`${m}\n`),
  ) {}

  /** The analysis of an open document, else of a file on disk (only `file:` URIs are read). */
  analysis(uri: string): DocumentAnalysis {
    const doc = this.documents.get(uri);
    if (doc) {
      const a = this.store.get(doc);
      if (a) return a;
    }
    const path = diskOnly(uri);
    const read = readDiskText(path);
    const a = analyzeDocument(path, read.text, { truncated: read.truncated });
    // A file on disk is not being typed: its operator sentences are final.
    this.scores.gate?.settle(a);
    return a;
  }

  /** The cell a locator names: parsed from `architecture`, else by name or position in `uri` (default: its first cell). */
  locate(l: CellLocator): AnalyzedCell {
    if (l.architecture !== undefined) {
      // A named space (search results of a custom space) admits its own operators; else the notation's default.
      const named = l.space ? this.resolveSpace(l.space, l.uri) : undefined;
      const parsed = parseArchitecture(l.architecture, 'auto', named ? { ops: null } : {});
      if (!parsed.cell) throw new RequestError(parsed.diagnostics[0]?.message ?? 'not an architecture');
      const spec: SpaceSpec = named?.spec ?? { builtin: defaultSpaceFor(parsed.cell.kind).id };
      const space = spaceFromSpec(spec);
      const problems = space.validate(parsed.cell);
      if (problems.length) throw new RequestError(problems[0]);
      return {
        range: { line: 1, column: 1, endLine: 1, endColumn: l.architecture.length + 1 }, offset: 0, endOffset: l.architecture.length,
        notation: parsed.notation ?? parsed.cell.kind, spaceName: named?.name ?? space.id, space, spec, spaceFingerprint: spaceFingerprint(spec),
        cell: parsed.cell, key: space.key(parsed.cell),
      };
    }
    if (!l.uri) throw new RequestError('give a document uri or an architecture');
    const a = this.analysis(l.uri);
    let cell: AnalyzedCell | undefined;
    if (l.name !== undefined) cell = a.cells.find((c) => c.name === l.name);
    else if (l.position) {
      const doc = this.documents.get(l.uri);
      const text = doc ? undefined : readDiskText(diskOnly(l.uri)).text;
      const offset = doc ? doc.offsetAt(l.position) : offsetAt(text!, l.position.line, l.position.character);
      cell = cellAt(a, offset);
    } else cell = a.cells[0];
    if (!cell) throw new RequestError(l.name ? `no valid cell named '${l.name}'` : 'no valid cell here');
    return cell;
  }

  /** A space by the name a document uses (declared, or built-in as extended there), or a built-in id. */
  resolveSpace(name: string, uri?: string): { spec: SpaceSpec; name: string } {
    if (uri) {
      const a = this.analysis(uri);
      const declared = a.spaces.find((s) => s.name === name);
      if (declared) {
        if (!declared.spec) throw new RequestError(`space '${name}' has errors; fix them first`);
        return { spec: declared.spec, name };
      }
      const used = a.cells.find((c) => c.spaceName === name);
      if (used) return { spec: used.spec, name };
    }
    // Built-in: registry id, .arch name or alias; results name it by its .arch name.
    const builtin = findBuiltinSpace(name);
    if (!builtin) throw new RequestError(`unknown space '${name}'`);
    return { spec: { builtin: builtin.space.id }, name: builtin.archName };
  }

  /** `tgnas/score`: one architecture text, or every cell of a document. */
  async score(p: ScoreParams, token: CancelToken): Promise<ScoreResult> {
    if (p.architecture !== undefined) return { cells: await this.scored('', [this.locate({ architecture: p.architecture })], token), model: this.scores.modelName };
    if (!p.uri) throw new RequestError('give a uri or an architecture');
    return { cells: await this.scored(p.uri, this.analysis(p.uri).cells, token), model: this.scores.modelName };
  }

  /** `tgnas/graph`: the cell's operator-as-node DAGs, with unseen operators marked, score and cost. */
  async graph(l: CellLocator, token: CancelToken): Promise<GraphResult> {
    const c = this.locate(l);
    const proxy = await this.scores.load();
    const unseen = new Set(proxy.unseenOperators(c.space).map((o) => o.name));
    const graphs = c.space.toGraphs(c.cell);
    const labels = c.cell.kind === 'darts' ? ['normal', 'reduce'] : ['cell'];
    const [score] = await this.scores.score([c], token);
    const cost = this.scores.cost(c);
    return {
      name: c.name, space: c.spaceName, spaceLabel: c.space.label,
      graphs: graphs.map((g, i) => ({
        label: labels[i] ?? `graph ${i + 1}`,
        adj: g.adj,
        nodes: g.ops.map((op): GraphNode => {
          const o = c.space.operator(op);
          return { op, kind: o?.kind ?? 'other', description: o?.description ?? '', ...(unseen.has(op) ? { unseen: true } : {}) };
        }),
      })),
      ...(score ? { score } : {}), ...(cost ? { params_M: cost.params_M, flops_M: cost.flops_M } : {}),
    };
  }

  /** `tgnas/exportPytorch`: a PyTorch module for the cell, its header noting the score where one is at hand. */
  async exportPytorch(l: CellLocator, token: CancelToken): Promise<ExportPytorchResult> {
    const c = this.locate(l);
    let note: string | undefined;
    try {
      const [s] = await this.scores.score([c], token);
      if (s) note = `TG-NAS (${this.scores.modelName}): ${scoreSentence(s, c.space.id)}`;
    } catch {
      /* export does not need a score */
    }
    return exportPytorch({ name: c.name ?? (c.notation === 'genotype' ? 'genotype' : 'nb201_cell'), cell: c.cell, space: c.space, note });
  }

  /** `tgnas/leaderboard`: rows of the given documents, or of the open served ones plus the workspace's `.arch` files. */
  async leaderboard(p: LeaderboardParams, token: CancelToken): Promise<LeaderboardResult> {
    let uris = p.uris;
    let files = 0;
    const skipped: string[] = [];
    if (!uris) {
      const open = this.documents.all().filter((d) => this.store.served(d)).map((d) => d.uri);
      const isOpen = new Set(open);
      const onSkip = (path: string, reason: string) => {
        skipped.push(`${path}: ${reason}`);
        this.log(`[leaderboard] skipped ${path}: ${reason}`);
      };
      const onDisk = this.workspaceFolders().flatMap((f) => findArchFiles(f, onSkip)).map(pathToUri).filter((u) => !isOpen.has(u));
      files = onDisk.length;
      uris = [...open, ...onDisk];
    }
    const entries: ScoredCell[] = [];
    for (const uri of uris) {
      if (token.isCancellationRequested) break;
      entries.push(...(await this.entries(uri, token)));
    }
    entries.sort((a, b) => (b.score?.predictedAccuracy?.value ?? -1) - (a.score?.predictedAccuracy?.value ?? -1)
      || (b.score?.percentile ?? -1) - (a.score?.percentile ?? -1));
    return { entries, model: this.scores.modelName, files, ...(skipped.length ? { skipped } : {}) };
  }

  /**
   * The rows tgnas/leaderboard would give for this document (tgnas/documentScored): open and served,
   * else a workspace `.arch` file on disk; [] otherwise (closed notebook cells, deleted files).
   */
  async rowsOf(uri: string): Promise<ScoredCell[]> {
    const doc = this.documents.get(uri);
    if (doc) return this.store.served(doc) ? this.entries(uri) : [];
    const path = diskPath(uri);
    return isArchFileUri(uri) && path !== undefined && existsSync(path) ? this.entries(uri) : [];
  }

  /** One document's leaderboard rows (open text, else the file on disk); [] when it cannot be read. */
  async entries(uri: string, token?: CancelToken): Promise<ScoredCell[]> {
    try {
      return await this.scored(uri, this.analysis(uri).cells, token);
    } catch (e) {
      if (e instanceof RequestError) return [];
      throw e;
    }
  }

  private async scored(uri: string, cells: AnalyzedCell[], token?: CancelToken): Promise<ScoredCell[]> {
    let scores: Array<Awaited<ReturnType<ScoreService['score']>>[number]> = [];
    let error: string | undefined;
    try {
      scores = await this.scores.score(cells, token);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    // The model that scored these rows: the leaderboard marks rows of another model stale and re-scores them.
    const model = scores.some((x) => x !== undefined) ? this.scores.modelName : undefined;
    const rows: ScoredCell[] = [];
    for (let i = 0; i < cells.length; i++) {
      // Costs are computed here: give other requests a turn every ROW_BATCH rows of a large document.
      if (i > 0 && i % ROW_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
      const c = cells[i];
      const cost = this.scores.cost(c);
      let text = '';
      try {
        text = formatCell(c.cell, CELL_NOTATION[c.cell.kind]);
      } catch {
        /* a cell always has its own notation; keep going regardless */
      }
      rows.push({
        uri, name: c.name, range: toRange(c.range), space: c.spaceName, spaceLabel: c.space.label, notation: c.notation, text, key: c.key,
        ...(scores[i] ? { score: scores[i] } : {}), ...(cost ? { params_M: cost.params_M, flops_M: cost.flops_M } : {}), ...(error ? { error } : {}),
        ...(model ? { model } : {}),
      });
    }
    return rows;
  }
}

function offsetAt(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + character);
}

/** The disk path of a document that is not open; RequestError for untitled editors and notebook cells (never on disk). */
function diskOnly(uri: string): string {
  const path = diskPath(uri);
  if (path === undefined) throw new RequestError(`${uri} is not open`);
  return path;
}

/**
 * Text of a file that is not open, for analysis: regular files only (a FIFO would block the server's
 * thread), at most MAX_DOCUMENT_CHARS bytes (analysis reads no more). RequestError otherwise.
 */
function readDiskText(path: string): { text: string; truncated: boolean } {
  try {
    return readRegularFile(path, MAX_DOCUMENT_CHARS);
  } catch (e) {
    throw new RequestError(`cannot read ${path}${e instanceof UnreadableFileError ? `: ${e.reason}` : ''}`);
  }
}

/**
 * `.arch` files under a folder, skipping dependency and hidden folders: regular files (or links to them)
 * of at most MAX_FILE_BYTES, at most MAX_FILES, 8 folders deep; symlink loops are not followed. Skipped
 * `.arch` paths (FIFOs, sockets, broken links, loops, too large) go to onSkip with the reason.
 */
export function findArchFiles(root: string, onSkip?: (path: string, reason: string) => void): string[] {
  return walkFiles(root, {
    accept: (n) => n.endsWith('.arch') && !n.startsWith('.'),
    skipDir: (n) => n.startsWith('.') || n === 'node_modules' || n === 'out' || n === 'dist',
    maxDepth: 8,
    maxFiles: MAX_FILES,
    maxBytes: MAX_FILE_BYTES,
    onSkip,
  });
}
