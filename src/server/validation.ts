/**
 * Diagnostics: each open document is validated when it opens and once edits pause (debounced).
 * Two pauses: after QUICK_MS the model-free diagnostics of core/analysis go out (with the last known
 * unseen-operator notes, so nothing flickers); after DEBOUNCE_MS the document counts as still (its
 * operator sentences are final, ./sentences) and the full validation runs: with the model loaded, the
 * operators it has never seen get an information diagnostic and the score cache is warmed for
 * hovers and hints; finally the document's leaderboard rows are published. A notebook cell's edit
 * revalidates the other cells of its notebook (their `.arch` cells share declarations).
 */
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_DIAGNOSTICS } from '../core/limits';
import { toDiagnostic } from './convert';
import { isArch, type AnalysisStore } from './documents';
import type { DocumentAnalysis } from '../core/analysis';
import type { NotebookCells } from './notebooks';
import type { ScorePublisher } from './publish-scores';
import type { ScoreService } from './score-service';
import type { SentenceGate } from './sentences';

/** Quiet time after an edit before a document is validated in full (sentences final, scores warmed). */
const DEBOUNCE_MS = 150;
/** Quiet time after an edit before its model-free diagnostics go out: typing pauses are longer than this. */
const QUICK_MS = 40;

export interface ValidationDeps {
  documents: { get(uri: string): TextDocument | undefined; all(): TextDocument[] };
  store: AnalysisStore;
  notebooks: NotebookCells;
  scores: ScoreService;
  gate: SentenceGate;
  publisher: ScorePublisher;
  sendDiagnostics(params: PublishDiagnosticsParams): void;
  /** Asks the client for fresh inlay hints (held-back scores arrived, a sibling cell changed). */
  refreshInlayHints(): void;
}

export class Validator {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly quick = new Map<string, NodeJS.Timeout>();
  /** Per document: the operators last found new to the model (their notes ride along with quick diagnostics). */
  private readonly unseen = new Map<string, Set<string>>();

  constructor(private readonly d: ValidationDeps) {}

  opened(doc: TextDocument): void {
    this.validate(doc);
    this.validateSiblings(doc);
  }

  /** An edit: validates once the document has been still for DEBOUNCE_MS. */
  changed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    clearTimeout(this.quick.get(uri));
    this.quick.set(uri, setTimeout(() => {
      this.quick.delete(uri);
      const doc = this.d.documents.get(uri);
      if (doc) this.sendQuick(doc);
    }, QUICK_MS));
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      const doc = this.d.documents.get(uri);
      if (!doc) return;
      this.validate(doc);
      // Siblings read only this cell's declarations: an edit that leaves them alone changes nothing for them.
      if (isArch(doc) && this.d.notebooks.declarationsChanged(doc)) this.validateSiblings(doc);
    }, DEBOUNCE_MS));
  }

  /** A closed document: its diagnostics are cleared, its rows come from disk (`.arch` files) or go. */
  closed(doc: TextDocument): void {
    const uri = doc.uri;
    clearTimeout(this.timers.get(uri));
    clearTimeout(this.quick.get(uri));
    this.timers.delete(uri);
    this.quick.delete(uri);
    this.unseen.delete(uri);
    this.d.store.forget(uri);
    this.d.sendDiagnostics({ uri, diagnostics: [] });
    this.d.publisher.publish(uri);
    this.validateSiblings(doc);
  }

  all(): void {
    for (const doc of this.d.documents.all()) this.validate(doc);
  }

  validate(doc: TextDocument): void {
    const { store, gate, scores } = this.d;
    const a = store.get(doc);
    if (!a) {
      this.d.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
      this.d.publisher.publish(doc.uri);
      return;
    }
    // Still for the debounce (or just opened): the sentences of its well-formed `op` declarations are final.
    gate.settle(a);
    const base = a.diagnostics.map(toDiagnostic);
    this.d.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: base });
    if (a.cells.length === 0 && a.ops.length === 0) return this.d.publisher.publish(doc.uri);
    // Model-dependent part: operators the model has never seen; warm the score cache for hovers/hints.
    const version = doc.version;
    void scores.load().then(async (proxy) => {
      const current = this.d.documents.get(doc.uri);
      if (!current || current.version !== version) return;
      const unseen = new Set<string>();
      if (isArch(doc) && a.ops.length) {
        for (const s of [...a.spaces.map((x) => x.space), ...a.cells.map((c) => c.space)]) {
          if (s) for (const o of proxy.unseenOperators(s)) unseen.add(o.name);
        }
      }
      this.unseen.set(doc.uri, unseen);
      const extra = unseenNotes(a, unseen, proxy.info.model);
      // The cap of core/analysis (MAX_DIAGNOSTICS, then one summary) holds for these too: they fill the room left, if any.
      const room = Math.max(0, MAX_DIAGNOSTICS - base.length);
      if (extra.length && room) this.d.sendDiagnostics({ uri: doc.uri, version, diagnostics: [...base, ...extra.slice(0, room)] });
      await scores.score(a.cells, undefined, { background: true }).catch(() => undefined);
      // Hints asked for while an operator sentence was being typed were held back: ask for them again.
      if (gate.takeHeld() > 0) this.d.refreshInlayHints();
    }, () => undefined).then(() => this.d.publisher.publish(doc.uri));
  }

  /** The model-free diagnostics of the current text, with the unseen-operator notes of the last full validation. */
  private sendQuick(doc: TextDocument): void {
    const a = this.d.store.get(doc);
    if (!a) return;
    const base = a.diagnostics.map(toDiagnostic);
    const extra = unseenNotes(a, this.unseen.get(doc.uri), this.d.scores.modelName);
    const room = Math.max(0, MAX_DIAGNOSTICS - base.length);
    this.d.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [...base, ...extra.slice(0, room)] });
  }

  /** After an `.arch` cell of a notebook opens, changes or closes: the notebook's other `.arch` cells read its declarations. */
  private validateSiblings(doc: TextDocument): void {
    if (!isArch(doc)) return;
    const siblings = this.d.notebooks.siblings(doc.uri).filter(isArch);
    for (const s of siblings) this.validate(s);
    if (siblings.length > 0) this.d.refreshInlayHints();
  }

  dispose(): void {
    for (const t of [...this.timers.values(), ...this.quick.values()]) clearTimeout(t);
    this.timers.clear();
    this.quick.clear();
  }
}

/** Information notes on the `op` declarations whose operators the model has never seen. */
function unseenNotes(a: DocumentAnalysis, unseen: ReadonlySet<string> | undefined, model: string): Diagnostic[] {
  if (!unseen?.size) return [];
  return a.ops.filter((o) => unseen.has(o.name)).map((o) => toDiagnostic({
    severity: 'info', range: o.nameRange, code: 'unseen-operator',
    message: `'${o.name}' is new to the model (${model}): it is scored from its description "${o.description}"`,
  }));
}
