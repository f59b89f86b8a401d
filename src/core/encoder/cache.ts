/**
 * Embedding cache: in memory, and on disk as one embedding table per encoder identity
 * (id + weights hash), so a sentence is embedded once per machine, not once per process.
 * The language server, CLI and training worker share the files; writes merge with what
 * another process may have added and replace the file atomically.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadEmbeddingTable, saveEmbeddingTable, type EmbeddingTable } from './table';
import { encoderMeta, type Logger, type OperatorEncoder } from './types';

/** $TGNAS_CACHE, else ~/.cache/tgnas. */
export function defaultCacheDir(): string {
  return process.env.TGNAS_CACHE || join(homedir(), '.cache', 'tgnas');
}

/** The cache file of one encoder identity. */
export function embeddingCacheFile(cacheDir: string, e: { id: string; weightsHash: string }): string {
  const slug = e.id.replace(/[^A-Za-z0-9._-]+/g, '_');
  return join(cacheDir, 'embeddings', `${slug}-${e.weightsHash.slice(0, 16)}.json`);
}

export interface CacheStats {
  /** Sentences answered from this process's memory. */
  memory: number;
  /** Sentences read from the disk cache. */
  disk: number;
  /** Sentences the wrapped encoder had to embed. */
  computed: number;
}

/** An encoder with the cache in front; same identity as the encoder it wraps. */
export class CachedEncoder implements OperatorEncoder {
  readonly stats: CacheStats = { memory: 0, disk: 0, computed: 0 };
  private readonly memory = new Map<string, Float32Array>();
  private disk: Record<string, number[]> | undefined;
  private readonly pending = new Map<string, Promise<void>>();
  private readonly file: string | undefined;

  /** `cacheDir` null: memory only. */
  constructor(
    readonly inner: OperatorEncoder,
    cacheDir: string | null = defaultCacheDir(),
    private readonly log: Logger = () => undefined,
  ) {
    this.file = cacheDir === null ? undefined : embeddingCacheFile(cacheDir, inner);
  }

  get id(): string {
    return this.inner.id;
  }
  get dimension(): number {
    return this.inner.dimension;
  }
  get weightsHash(): string {
    return this.inner.weightsHash;
  }
  load(): Promise<void> {
    return this.inner.load();
  }
  dispose(): void {
    this.inner.dispose();
  }

  /** Reads the disk table once; a corrupt or foreign file is ignored (and later replaced). */
  private readDisk(): Record<string, number[]> {
    if (this.disk) return this.disk;
    this.disk = {};
    if (this.file && existsSync(this.file)) {
      try {
        const t = loadEmbeddingTable(this.file);
        const m = t.encoder;
        if (m.id === this.id && m.dimension === this.dimension && m.weightsHash === this.weightsHash) this.disk = t.sentences;
      } catch (e) {
        this.log(`[tgnas] ignoring unreadable embedding cache ${this.file}: ${(e as Error).message}`);
      }
    }
    return this.disk;
  }

  async embed(sentences: string[]): Promise<Float32Array[]> {
    const missing: string[] = [];
    const waits = new Set<Promise<void>>();
    for (const s of new Set(sentences)) {
      const inFlight = this.pending.get(s);
      if (inFlight) {
        waits.add(inFlight);
      } else if (this.memory.has(s)) {
        this.stats.memory++;
      } else {
        const v = this.readDisk()[s];
        if (v) {
          this.memory.set(s, Float32Array.from(v));
          this.stats.disk++;
        } else missing.push(s);
      }
    }
    if (missing.length) {
      // Registered before awaiting, so a concurrent call for the same new sentence waits
      // for this computation instead of starting its own.
      const job = this.inner.embed(missing).then((vectors) => {
        this.stats.computed += missing.length;
        missing.forEach((s, i) => this.memory.set(s, vectors[i]));
        this.persist(missing);
      });
      const settled = job.finally(() => missing.forEach((s) => this.pending.delete(s)));
      missing.forEach((s) => this.pending.set(s, settled));
      waits.add(settled);
    }
    await Promise.all(waits);
    // Copies: callers may scale or normalise the vectors they get.
    return sentences.map((s) => Float32Array.from(this.memory.get(s)!));
  }

  /** Merges new vectors into the file as it is now (another process may have written since). */
  private persist(added: string[]): void {
    if (!this.file) return;
    try {
      let current: Record<string, number[]> = {};
      if (existsSync(this.file)) {
        try {
          const t = loadEmbeddingTable(this.file);
          if (t.encoder.weightsHash === this.weightsHash && t.encoder.dimension === this.dimension) current = t.sentences;
        } catch {
          /* replaced below */
        }
      }
      for (const s of added) current[s] = Array.from(this.memory.get(s)!);
      const table: EmbeddingTable = { encoder: encoderMeta(this), sentences: current };
      saveEmbeddingTable(this.file, table);
      this.disk = current;
    } catch (e) {
      // The cache is an optimisation: a read-only home must not break embedding.
      this.log(`[tgnas] could not write embedding cache ${this.file}: ${(e as Error).message}`);
    }
  }
}
