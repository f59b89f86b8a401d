/** Stable content hashes of encoder weight files, computed once per process. */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

const memo = new Map<string, string>();

/**
 * sha256 over the files in the given order, each prefixed by its length so that moving
 * bytes between files changes the hash. Memoised on path + size + mtime: the 28 MB
 * USE-lite weights take ~50 ms to hash and are opened by several components.
 */
export function hashFiles(paths: readonly string[]): string {
  const stamps = paths.map((p) => {
    const s = statSync(p);
    return `${resolve(p)}:${s.size}:${s.mtimeMs}`;
  });
  const key = stamps.join('|');
  const hit = memo.get(key);
  if (hit) return hit;
  const h = createHash('sha256');
  for (const p of paths) {
    const data = readFileSync(p);
    h.update(`${data.length}:`);
    h.update(data);
  }
  const digest = h.digest('hex');
  memo.set(key, digest);
  return digest;
}
