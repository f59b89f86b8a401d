/**
 * Reading files found by a scan (`tgnas check DIR`, the server's workspace leaderboard) without ever
 * hanging or aborting: only regular files are read (a FIFO, socket or device is skipped, and is opened
 * non-blocking so even the open cannot wait for a writer), at most a size cap of each, and directory walks
 * neither follow a symlink loop nor stop at a broken link. Whatever is skipped is reported with a reason.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

export interface RegularFileText {
  text: string;
  /** The file's size in bytes. */
  size: number;
  /** True when only the first maxBytes bytes were read. */
  truncated: boolean;
}

/** Why a path is not read; undefined for a regular file (after following symlinks). */
export function specialFileReason(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'not a regular file (a FIFO)';
  if (st.isSocket()) return 'not a regular file (a socket)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'not a regular file (a device)';
  return 'not a regular file';
}

export class UnreadableFileError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'UnreadableFileError';
  }
}

/** Words for an fs error code. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ELOOP') return 'symlink loop';
  if (code === 'ENOENT') return 'broken symlink or missing file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? (e instanceof Error ? e.message : String(e));
}

/**
 * UTF-8 text of a regular file, at most `maxBytes` bytes of it. Throws UnreadableFileError (with the
 * reason) for anything else: missing, a broken symlink or loop, a FIFO, socket, device or directory.
 */
export function readRegularFile(path: string, maxBytes: number): RegularFileText {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer. Regular files ignore it.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new UnreadableFileError(path, fsReason(e));
  }
  try {
    const st = fstatSync(fd);
    const why = specialFileReason(st);
    if (why) throw new UnreadableFileError(path, why);
    const want = Math.min(st.size, maxBytes);
    const buf = Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const n = readSync(fd, buf, got, want - got, got);
      if (n === 0) break;
      got += n;
    }
    return { text: buf.toString('utf8', 0, got), size: st.size, truncated: st.size > got };
  } catch (e) {
    if (e instanceof UnreadableFileError) throw e;
    throw new UnreadableFileError(path, fsReason(e));
  } finally {
    closeSync(fd);
  }
}

export interface WalkOptions {
  /** Files (regular, or symlinks to regular files) whose name is wanted. */
  accept(name: string): boolean;
  /** Folders not entered (by name). */
  skipDir?(name: string): boolean;
  maxDepth?: number;
  maxFiles?: number;
  /** Wanted files larger than this are skipped (reported). */
  maxBytes?: number;
  /** A wanted name, or a folder, that is not read or entered, and why. */
  onSkip?(path: string, reason: string): void;
}

/**
 * Wanted files under `root` (sorted by name per folder, depth first). lstat decides: symlinks are followed
 * to regular files and to folders not visited yet (by real path: a loop is reported, not walked);
 * broken links, loops, FIFOs, sockets and devices with a wanted name are reported through onSkip.
 */
export function walkFiles(root: string, o: WalkOptions): string[] {
  const out: string[] = [];
  const maxFiles = o.maxFiles ?? Infinity;
  const maxDepth = o.maxDepth ?? Infinity;
  const visited = new Set<string>();
  const skip = (p: string, reason: string) => o.onSkip?.(p, reason);
  const walk = (dir: string, depth: number, viaLink: boolean) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      return skip(dir, fsReason(e));
    }
    if (visited.has(real)) {
      // A link back up the tree (a loop), or a second way into a folder: walked once only.
      if (viaLink) skip(dir, 'symlink to a folder already visited (a loop, or a second link to it)');
      return;
    }
    visited.add(real);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      return skip(dir, fsReason(e));
    }
    for (const name of names) {
      if (out.length >= maxFiles) return;
      const p = join(dir, name);
      let st: Stats;
      let link = false;
      try {
        st = lstatSync(p);
        link = st.isSymbolicLink();
        if (link) st = statSync(p);
      } catch (e) {
        // Only links can fail here (a vanished entry is not worth a line unless it has a wanted name).
        if (o.accept(name)) skip(p, fsReason(e));
        continue;
      }
      if (st.isDirectory()) {
        if (o.skipDir?.(name)) continue;
        if (depth + 1 > maxDepth) continue;
        walk(p, depth + 1, link);
        continue;
      }
      if (!o.accept(name)) continue;
      const why = specialFileReason(st);
      if (why) skip(p, why);
      else if (o.maxBytes !== undefined && st.size > o.maxBytes) skip(p, `larger than ${Math.round(o.maxBytes / 1024)} KB`);
      else out.push(p);
    }
  };
  walk(root, 0, false);
  return out;
}
