/** Input helpers shared by the CLI commands: files or stdin, directories expanded, progress on stderr. */
import { createReadStream, openSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { walkFiles } from '../core/files';
import { UsageError } from './args';

/** Extensions `tgnas check` looks at when given a directory. */
const CHECKED = new Set(['.arch', '.py', '.ipynb', '.md', '.txt', '.json']);

/**
 * Expands directories (recursively, skipping dot-folders and node_modules) into checkable files. Only
 * regular files are listed: FIFOs, sockets, devices, broken symlinks and symlink loops inside a folder
 * are passed to `onSkip` with the reason (a path given by name is listed; reading it says what it is).
 */
export function expandPaths(paths: string[], onSkip: (path: string, reason: string) => void = () => undefined): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UsageError(`no such file or directory: ${p}`);
    }
    if (!st.isDirectory()) {
      out.push(p);
      continue;
    }
    out.push(...walkFiles(p, {
      accept: (name) => !name.startsWith('.') && CHECKED.has(extname(name)),
      skipDir: (name) => name.startsWith('.') || name === 'node_modules',
      onSkip,
    }));
  }
  return out;
}

/** Text of a file argument, or of stdin for '-' / no argument. */
export function readInput(path: string | undefined): string {
  if (path === undefined || path === '-') return readFileSync(0, 'utf8');
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/**
 * Throttled "N/M" progress on stderr, only when the job is long (shown after 1 s, updated every 250 ms).
 * Without a total (streamed input) it counts: "label: N".
 */
export function progress(label: string, total?: number): { tick(done: number): void; end(done?: number): void } {
  const started = Date.now();
  let last = 0;
  let shown = false;
  const of = (done: number) => (total === undefined ? `${done}` : `${done}/${total}`);
  return {
    tick(done: number) {
      const now = Date.now();
      if (now - started < 1000 || now - last < 250) return;
      last = now;
      shown = true;
      process.stderr.write(`\r${label}: ${of(done)}`);
    },
    end(done?: number) {
      const n = done ?? total ?? 0;
      if (shown) process.stderr.write(`\r${label}: ${of(n)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}

/**
 * Lines of a file argument (or of stdin for '-' / no argument) as they are read, without holding the
 * whole input: split at '\n', a trailing '\r' dropped (as `text.split(/\r?\n/)`). Throws UsageError
 * when the file cannot be opened.
 */
export function readLines(path: string | undefined): AsyncIterable<string> {
  // Opened now, so a bad path is a usage error before any work (e.g. loading a model) starts.
  let stream: NodeJS.ReadableStream;
  if (path === undefined || path === '-') stream = process.stdin;
  else {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    stream = createReadStream('', { fd });
  }
  return linesOf(stream);
}

async function* linesOf(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  stream.setEncoding('utf8');
  const strip = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);
  // Pieces of the current line: joined once at its end (a long line costs its length, not length²/chunk).
  let pending: string[] = [];
  for await (const chunk of stream as AsyncIterable<string>) {
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', from)) {
      pending.push(chunk.slice(from, nl));
      const line = pending.join('');
      pending = [];
      from = nl + 1;
      yield strip(line);
    }
    if (from < chunk.length) pending.push(chunk.slice(from));
  }
  yield strip(pending.join(''));
}

/**
 * An input that holds no architecture at all (empty, blank or only comments): one line on stderr that
 * says so, and exit status 3 (the status of unreadable input lines), so a script never takes an empty
 * result for a good one.
 */
export function noArchitecture(command: string, file: string | undefined): number {
  const where = file === undefined || file === '-' ? 'standard input' : file;
  process.stderr.write(`tgnas ${command}: no architecture in ${where}\n`);
  return 3;
}
