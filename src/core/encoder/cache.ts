/**
 * Embedding cache: in memory, and on disk as one JSON-lines file per encoder identity (id + weights
 * hash), so a sentence is embedded once per machine, not once per process. The language server, CLI
 * and training worker share the files.
 *
 * File format (`<cacheDir>/embeddings/<encoder>-<hash16>.jsonl`), one JSON object per line:
 *   {"tgnas":"embedding-cache","version":1,"encoder":{"id","dimension","weightsHash"}}   header, first line
 *   {"s":"Convolution 3 by 3","v":"<base64 of the float32 values, little-endian>"}        a vector
 *   {"t":"Convolution 3 by 3"}                                                             a use (recency only)
 * New vectors are appended (never a rewrite per sentence); a process appends one use line the first time
 * it reads a sentence from the file. The last line naming a sentence gives its recency. When the file grows
 * past the size limit it is compacted: the most recently used vectors that fit in 3/4 of the limit are kept
 * (least-recently-used eviction), written to a temporary file and renamed over it. A torn or foreign line
 * is skipped. Limit: configureEmbeddingCache (the editor's tgnas.embeddingCache.maxSizeMB), else
 * $TGNAS_CACHE_MAX_MB, else 16 MB; 0 turns the disk cache off (memory only).
 * Files of the earlier whole-JSON format (`.json`) are imported once and removed.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadEmbeddingTable } from './table';
import { encoderMeta, type EncoderMeta, type Logger, type OperatorEncoder } from './types';

/** $TGNAS_CACHE, else ~/.cache/tgnas. */
export function defaultCacheDir(): string {
  return process.env.TGNAS_CACHE || join(homedir(), '.cache', 'tgnas');
}

/** Default size limit of one encoder's cache file. About 5,800 sentences of the 512-d USE-lite encoder. */
export const DEFAULT_CACHE_MAX_MB = 16;

let configuredMaxBytes: number | undefined;

/**
 * Sets the size limit of the disk cache for this process (bytes per encoder file; 0: no disk cache).
 * undefined restores the default ($TGNAS_CACHE_MAX_MB, else DEFAULT_CACHE_MAX_MB).
 */
export function configureEmbeddingCache(options: { maxBytes?: number }): void {
  const b = options.maxBytes;
  configuredMaxBytes = b === undefined || !Number.isFinite(b) || b < 0 ? undefined : Math.floor(b);
}

/** The size limit in force, in bytes (0: the disk cache is off). */
export function embeddingCacheLimit(): number {
  if (configuredMaxBytes !== undefined) return configuredMaxBytes;
  const env = Number(process.env.TGNAS_CACHE_MAX_MB);
  const mb =
    process.env.TGNAS_CACHE_MAX_MB !== undefined && process.env.TGNAS_CACHE_MAX_MB !== '' && Number.isFinite(env) && env >= 0
      ? env
      : DEFAULT_CACHE_MAX_MB;
  return Math.floor(mb * 1024 * 1024);
}

function cacheSlug(e: { id: string; weightsHash: string }): string {
  return `${e.id.replace(/[^A-Za-z0-9._-]+/g, '_')}-${e.weightsHash.slice(0, 16)}`;
}

/** The cache file of one encoder identity. */
export function embeddingCacheFile(cacheDir: string, e: { id: string; weightsHash: string }): string {
  return join(cacheDir, 'embeddings', `${cacheSlug(e)}.jsonl`);
}

/** The earlier format's file (one JSON embedding table, rewritten whole for every new sentence). */
function legacyCacheFile(cacheDir: string, e: { id: string; weightsHash: string }): string {
  return join(cacheDir, 'embeddings', `${cacheSlug(e)}.json`);
}

/** Removes every embedding cache file under cacheDir (all encoders, both formats). */
export function clearEmbeddingCache(cacheDir: string = defaultCacheDir()): { files: number; bytes: number } {
  const dir = join(cacheDir, 'embeddings');
  let files = 0;
  let bytes = 0;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return { files, bytes };
  }
  for (const n of names) {
    if (!/\.(jsonl|json|tmp)$/.test(n)) continue;
    const p = join(dir, n);
    try {
      const st = statSync(p);
      if (!st.isFile()) continue;
      rmSync(p, { force: true });
      files++;
      bytes += st.size;
    } catch {
      /* gone meanwhile */
    }
  }
  return { files, bytes };
}

const HEADER_TAG = 'embedding-cache';

/** float32 values, little-endian, as base64 (bit-exact, about a quarter of the JSON-number text). */
export function encodeVector(v: ArrayLike<number>): string {
  const buf = Buffer.alloc(v.length * 4);
  for (let i = 0; i < v.length; i++) buf.writeFloatLE(v[i], i * 4);
  return buf.toString('base64');
}

export function decodeVector(b64: string, dimension: number): Float32Array | undefined {
  const buf = Buffer.from(b64, 'base64');
  if (buf.length !== dimension * 4) return undefined;
  const out = new Float32Array(dimension);
  for (let i = 0; i < dimension; i++) out[i] = buf.readFloatLE(i * 4);
  for (const x of out) if (!Number.isFinite(x)) return undefined;
  return out;
}

const headerLine = (e: EncoderMeta) => JSON.stringify({ tgnas: HEADER_TAG, version: 1, encoder: encoderMeta(e) }) + '\n';
const vectorLine = (s: string, b64: string) => JSON.stringify({ s, v: b64 }) + '\n';
const useLine = (s: string) => JSON.stringify({ t: s }) + '\n';

export interface CacheFileContents {
  /** sentence -> base64 vector, least recently used first. */
  entries: Map<string, string>;
  /** Bytes of the file. */
  size: number;
}

/**
 * Reads a cache file: undefined when absent, or written for another encoder (or not a cache file).
 * Torn and unreadable lines are skipped.
 */
export function readCacheFile(file: string, e: EncoderMeta): CacheFileContents | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  let header: { tgnas?: string; encoder?: EncoderMeta } | undefined;
  try {
    header = JSON.parse(lines[0]);
  } catch {
    return undefined;
  }
  const h = header?.encoder;
  if (header?.tgnas !== HEADER_TAG || !h || h.id !== e.id || h.dimension !== e.dimension || h.weightsHash !== e.weightsHash)
    return undefined;
  const entries = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    let o: { s?: unknown; v?: unknown; t?: unknown };
    try {
      o = JSON.parse(line);
    } catch {
      continue; // a torn line (a writer stopped mid-line)
    }
    if (typeof o.s === 'string' && typeof o.v === 'string' && o.v.length === Math.ceil((e.dimension * 4) / 3) * 4) {
      entries.delete(o.s);
      entries.set(o.s, o.v);
    } else if (typeof o.t === 'string') {
      const v = entries.get(o.t);
      if (v !== undefined) {
        entries.delete(o.t);
        entries.set(o.t, v);
      }
    }
  }
  return { entries, size: Buffer.byteLength(text) };
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
  /** What the disk file held when read (sentence -> base64 vector). */
  private disk: Map<string, string> | undefined;
  /** Sentences whose use this process has recorded in the file already. */
  private readonly touched = new Set<string>();
  private readonly pending = new Map<string, Promise<void>>();
  private readonly cacheDir: string | undefined;

  /** `cacheDir` null: memory only. `maxBytes`: this instance's size limit (default: embeddingCacheLimit()). */
  constructor(
    readonly inner: OperatorEncoder,
    cacheDir: string | null = defaultCacheDir(),
    private readonly log: Logger = () => undefined,
    private readonly options: { maxBytes?: number } = {},
  ) {
    this.cacheDir = cacheDir === null ? undefined : cacheDir;
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
  /** The disk file, or undefined when the disk cache is off. */
  get file(): string | undefined {
    return this.cacheDir === undefined || this.limit() === 0 ? undefined : embeddingCacheFile(this.cacheDir, this);
  }
  load(): Promise<void> {
    return this.inner.load();
  }
  dispose(): void {
    this.inner.dispose();
  }

  private limit(): number {
    return this.options.maxBytes ?? embeddingCacheLimit();
  }

  /** Reads the disk file once (importing an earlier-format file first); a foreign or unreadable file reads as empty. */
  private readDisk(): Map<string, string> {
    if (this.disk) return this.disk;
    this.disk = new Map();
    const file = this.file;
    if (!file) return this.disk;
    try {
      this.importLegacy(file);
      const read = readCacheFile(file, this);
      if (read) this.disk = read.entries;
      // A file without this encoder's header (damaged) would never be read: start it again.
      else if (existsSync(file)) this.writeCompacted(file, new Map());
    } catch (e) {
      this.log(`[tgnas] ignoring unreadable embedding cache ${file}: ${(e as Error).message}`);
    }
    return this.disk;
  }

  /** An earlier whole-JSON cache file of this encoder: its vectors go into the JSON-lines file, then it is removed. */
  private importLegacy(file: string): void {
    const legacy = legacyCacheFile(this.cacheDir!, this);
    if (!existsSync(legacy)) return;
    try {
      const t = loadEmbeddingTable(legacy);
      if (t.encoder.id === this.id && t.encoder.dimension === this.dimension && t.encoder.weightsHash === this.weightsHash) {
        const current = readCacheFile(file, this)?.entries ?? new Map<string, string>();
        // Older than anything in the new file: first, so they are the first to go.
        const merged = new Map<string, string>();
        for (const [s, v] of Object.entries(t.sentences)) if (!current.has(s)) merged.set(s, encodeVector(v));
        for (const [s, v] of current) merged.set(s, v);
        this.writeCompacted(file, merged);
      }
    } catch (e) {
      this.log(`[tgnas] could not import the earlier embedding cache ${legacy}: ${(e as Error).message}`);
    }
    rmSync(legacy, { force: true });
  }

  async embed(sentences: string[]): Promise<Float32Array[]> {
    const missing: string[] = [];
    const used: string[] = [];
    const waits = new Set<Promise<void>>();
    for (const s of new Set(sentences)) {
      const inFlight = this.pending.get(s);
      if (inFlight) {
        waits.add(inFlight);
      } else if (this.memory.has(s)) {
        this.stats.memory++;
      } else {
        const b64 = this.readDisk().get(s);
        const v = b64 === undefined ? undefined : decodeVector(b64, this.dimension);
        if (v) {
          this.memory.set(s, v);
          this.stats.disk++;
          if (!this.touched.has(s)) used.push(s);
        } else missing.push(s);
      }
    }
    if (used.length) this.append(used.map((s) => (this.touched.add(s), useLine(s))).join(''));
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

  /** Appends the new vectors (one line each); compacts when the file has outgrown the limit. */
  private persist(added: string[]): void {
    const disk = this.readDisk();
    const lines: string[] = [];
    for (const s of added) {
      const b64 = encodeVector(this.memory.get(s)!);
      disk.delete(s);
      disk.set(s, b64);
      this.touched.add(s);
      lines.push(vectorLine(s, b64));
    }
    this.append(lines.join(''));
  }

  /** Appends lines to the file (a header first when it is new); the cache is an optimisation, so failures are only logged. */
  private append(text: string): void {
    const file = this.file;
    if (!file || !text) return;
    try {
      mkdirSync(dirname(file), { recursive: true });
      let created = false;
      try {
        writeFileSync(file, headerLine(this) + text, { flag: 'wx' });
        created = true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      if (!created) appendFileSync(file, text);
      if (statSync(file).size > this.limit()) this.compact(file);
    } catch (e) {
      // A read-only home must not break embedding.
      this.log(`[tgnas] could not write embedding cache ${file}: ${(e as Error).message}`);
    }
  }

  /** Keeps the most recently used vectors that fit in 3/4 of the limit (so the next compaction is far off). */
  private compact(file: string): void {
    const now = readCacheFile(file, this)?.entries;
    // A foreign file (another encoder's header): start over with this encoder's vectors.
    this.writeCompacted(file, now ?? new Map([...this.readDisk()]));
  }

  private writeCompacted(file: string, entries: Map<string, string>): void {
    const budget = Math.floor(this.limit() * 0.75);
    const header = headerLine(this);
    let size = Buffer.byteLength(header);
    const kept: string[] = [];
    const keep = new Set<string>();
    for (const [s, v] of [...entries].reverse()) {
      const line = vectorLine(s, v);
      const n = Buffer.byteLength(line);
      if (size + n > budget) break;
      size += n;
      kept.push(line);
      keep.add(s);
    }
    kept.reverse();
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, header + kept.join(''));
    renameSync(tmp, file);
    if (this.disk) for (const s of [...this.disk.keys()]) if (!keep.has(s)) this.disk.delete(s);
  }
}
