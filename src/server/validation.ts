/**
 * Diagnostics: each open document is validated when it opens and once edits pause (debounced).
 * The model-free diagnostics of core/analysis go out at once; then, with the model loaded, the
 * operators it has never seen get an information diagnostic and the score cache is warmed for
 * hovers and hints; finally the document's leaderboard rows are published. A notebook cell's edit
 * revalidates the other cells of its notebook (their `.arch` cells share declarations).
 */
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_DIAGNOSTICS } from '../core/limits';
import { toDiagnostic } from './convert';
import { isArch, type AnalysisStore } from './documents';
import type { NotebookCells } from './notebooks';
import type { ScorePublisher } from './publish-scores';
import type { ScoreService } from './score-service';
import type { SentenceGate } from './sentences';

/** Quiet time after an edit before a document is validated. */
const DEBOUNCE_MS = 150;

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

  constructor(private readonly d: ValidationDeps) {}

  opened(doc: TextDocument): void {
    this.validate(doc);
    this.validateSiblings(doc);
  }

  /** An edit: validates once the document has been still for DEBOUNCE_MS. */
  changed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      const doc = this.d.documents.get(uri);
      if (!doc) return;
      this.validate(doc);
      this.validateSiblings(doc);
    }, DEBOUNCE_MS));
  }

  /** A closed document: its diagnostics are cleared, its rows come from disk (`.arch` files) or go. */
  closed(doc: TextDocument): void {
    const uri = doc.uri;
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
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
      const extra: Diagnostic[] = [];
      if (isArch(doc) && a.ops.length) {
        const unseen = new Set<string>();
        for (const s of [...a.spaces.map((x) => x.space), ...a.cells.map((c) => c.space)]) {
          if (s) for (const o of proxy.unseenOperators(s)) unseen.add(o.name);
        }
        for (const o of a.ops) {
          if (!unseen.has(o.name)) continue;
          extra.push(toDiagnostic({
            severity: 'info', range: o.nameRange, code: 'unseen-operator',
            message: `'${o.name}' is new to the model (${proxy.info.model}): it is scored from its description "${o.description}"`,
          }));
        }
      }
      // The cap of core/analysis (MAX_DIAGNOSTICS, then one summary) holds for these too: they fill the room left, if any.
      const room = Math.max(0, MAX_DIAGNOSTICS - base.length);
      if (extra.length && room) this.d.sendDiagnostics({ uri: doc.uri, version, diagnostics: [...base, ...extra.slice(0, room)] });
      await scores.score(a.cells).catch(() => undefined);
      // Hints asked for while an operator sentence was being typed were held back: ask for them again.
      if (gate.takeHeld() > 0) this.d.refreshInlayHints();
    }, () => undefined).then(() => this.d.publisher.publish(doc.uri));
  }

  /** After an `.arch` cell of a notebook opens, changes or closes: the notebook's other `.arch` cells read its declarations. */
  private validateSiblings(doc: TextDocument): void {
    if (!isArch(doc)) return;
    const siblings = this.d.notebooks.siblings(doc.uri).filter(isArch);
    for (const s of siblings) this.validate(s);
    if (siblings.length > 0) this.d.refreshInlayHints();
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
