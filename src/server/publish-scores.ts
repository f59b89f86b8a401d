/**
 * tgnas/documentScored: after a document is validated (or an `.arch` file changes on disk), its
 * leaderboard rows are pushed to the client, debounced per document so bursts (revalidating every
 * document, several saves) send one update each. An older publication still scoring never
 * overwrites a newer one.
 */
import type { DocumentScoredParams, ScoredCell } from '../shared/protocol';
import { isArchFileUri } from './uri';

const SCORED_DEBOUNCE_MS = 200;

export class ScorePublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Latest publication per document. */
  private readonly seq = new Map<string, number>();
  /** Documents whose last published rows were not empty. */
  private readonly published = new Set<string>();

  constructor(
    /** The document's current rows (Requests.rowsOf). */
    private readonly rowsOf: (uri: string) => Promise<ScoredCell[]>,
    private readonly send: (params: DocumentScoredParams) => void,
    private readonly log: (message: string) => void,
  ) {}

  /**
   * Sends the document's rows once it has been quiet for the debounce. Empty rows are sent only to
   * clear rows published before, or for `.arch` files (deleted from disk: the client drops them).
   */
  publish(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      const seq = (this.seq.get(uri) ?? 0) + 1;
      this.seq.set(uri, seq);
      this.rowsOf(uri).then((entries) => {
        if (this.seq.get(uri) !== seq) return;
        if (entries.length === 0 && !this.published.has(uri) && !isArchFileUri(uri)) return;
        if (entries.length) this.published.add(uri);
        else this.published.delete(uri);
        this.send({ uri, entries });
      }, (e) => this.log(`[leaderboard] ${uri}: ${e instanceof Error ? e.message : e}`));
    }, SCORED_DEBOUNCE_MS));
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
