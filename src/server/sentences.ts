/**
 * Which operator sentences the editor may embed. Embedding a sentence stores it in the encoder's disk
 * cache (core/encoder/cache.ts), so sentences typed in an editor are embedded only once they are final:
 * the sentence of an `op` declaration that parses without errors, in a version of the document that has
 * been still for the diagnostics debounce (the server's validate settles it). Until then, cells of spaces
 * with such an operator get no score in inlay hints, hovers and rows (they come when typing pauses, with
 * an inlay-hint refresh), and an `op` hover does not look up the nearest known operators.
 *
 * Built-in sentences are always allowed (the model ships their vectors). Files read from disk (workspace
 * leaderboard) are settled as read: nobody is typing in them.
 */
import type { DocumentAnalysis } from '../core/analysis';
import type { OpDecl } from '../core/formats/arch';
import type { SearchSpace } from '../core/spaces';
import { builtinOperators } from '../core/spaces';
import type { Diagnostic } from '../core/types';

/** Settled sentences remembered (oldest forgotten first; a forgotten one is settled again by its next validation). */
const MAX_SETTLED = 10_000;

export class SentenceGate {
  private readonly builtin = new Set([...builtinOperators().values()].map((o) => o.description));
  private readonly settled = new Set<string>();
  private held = 0;

  /** Marks the sentences of the analysis's `op` declarations that parse without errors as final. */
  settle(analysis: DocumentAnalysis): void {
    if (analysis.ops.length === 0) return;
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
    for (const op of analysis.ops) {
      if (!op.description || this.builtin.has(op.description) || hasError(op, errors)) continue;
      this.settled.delete(op.description);
      this.settled.add(op.description);
      if (this.settled.size > MAX_SETTLED) this.settled.delete(this.settled.values().next().value as string);
    }
  }

  allowsSentence(sentence: string): boolean {
    return this.builtin.has(sentence) || this.settled.has(sentence);
  }

  /** True when every operator sentence of the space may be embedded; counts the refusals (see takeHeld). */
  allows(space: SearchSpace): boolean {
    for (const o of space.operators) {
      if (!this.allowsSentence(o.description)) {
        this.held++;
        return false;
      }
    }
    return true;
  }

  /** How many scorings were held back since the last call (the caller then asks for fresh inlay hints). */
  takeHeld(): number {
    const n = this.held;
    this.held = 0;
    return n;
  }
}

/** An error diagnostic on the declaration's lines (statements start on their own line). */
function hasError(op: OpDecl, errors: Diagnostic[]): boolean {
  return errors.some((d) => d.range.line <= op.range.endLine && d.range.endLine >= op.range.line);
}
