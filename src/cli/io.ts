/** Input helpers shared by the CLI commands: files or stdin, directories expanded, progress on stderr. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { UsageError } from './args';

/** Extensions `tgnas check` looks at when given a directory. */
const CHECKED = new Set(['.arch', '.py', '.md', '.txt', '.json']);

/** Expands directories (recursively, skipping dot-folders and node_modules) into checkable files. */
export function expandPaths(paths: string[]): string[] {
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
    const walk = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (CHECKED.has(extname(name))) out.push(full);
      }
    };
    walk(p);
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

/** Throttled "N/M" progress on stderr, only when stderr is a terminal or the job is long. */
export function progress(label: string, total: number): { tick(done: number): void; end(): void } {
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    tick(done: number) {
      const now = Date.now();
      if (now - started < 1000 || now - last < 250) return;
      last = now;
      shown = true;
      process.stderr.write(`\r${label}: ${done}/${total}`);
    },
    end() {
      if (shown) process.stderr.write(`\r${label}: ${total}/${total} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}
