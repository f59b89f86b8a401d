/**
 * Finds architectures inside any text (Python, Markdown, notebooks' cells, JSON, plain text) for the
 * editor's hover / inlay / diagnostics and the CLI's one reader: every notation of the registry that
 * has a `find` scan (NB201 strings, TransNAS-Bench-101 strings, `Genotype(...)`, NB101
 * `ModelSpec(...)` and matrix dicts, whole-network codes), plus NB201 strings split over adjacent
 * Python string literals. A regex pre-scan finds candidates; only those are parsed, so a 5,000-line
 * file costs a few milliseconds. Code (`Genotype(normal=genos[0], ...)`) and elided examples
 * (`[...]`) are skipped without a word.
 */
import type { Cell, Diagnostic, SourceRange } from '../types';
import { LineMap, Reporter } from './text';
import { DARTS_OP_NAMES } from './genotype';
import { NOTATIONS, detectValueNotation, resetScanBudget, type NotationId, type NotationSpec } from './notations';

export interface FoundArchitecture {
  notation: NotationId;
  /** The matched source text. */
  text: string;
  /** Offsets into the searched text, end exclusive. */
  start: number;
  end: number;
  range: SourceRange;
  /** The Python variable or dict key it is assigned to (`DARTS_V2 = Genotype(...)` -> 'DARTS_V2'). */
  name?: string;
  /** Undefined when the literal has errors (see diagnostics). */
  cell?: Cell;
  diagnostics: Diagnostic[];
}

export interface FinderOptions {
  /** Notations to look for (default: every notation with a text scan). */
  only?: readonly NotationId[];
  /** Allowed operators per notation (default: the notation's space; null: any). */
  ops?: Partial<Record<NotationId, readonly string[] | null>>;
  /** Intermediate nodes of a genotype (default 4; 'any' for NASNet-style cells). */
  dartsNodes?: number | 'any';
  /** Only report literals overlapping [from, to) (offsets), e.g. the visible range. */
  from?: number;
  to?: number;
}

/**
 * Two or more adjacent Python string literals (implicit concatenation), the first opening with '|'. Between
 * pieces: blanks, then any number of line breaks (optionally after `\\` or a `#` comment) each followed by
 * blanks; every blank run ends at a required character, so a long run of spaces is one linear pass.
 */
const STRING_CHAIN = /(['"])\|[^'"\n]*\1(?:[ \t]*(?:(?:\\?\r?\n|#[^\n]*\n)[ \t]*)*(['"])[^'"\n]*\2)+/g;
/** A string piece or a comment inside a chain: the comments' quotes are not pieces. */
const CHAIN_TOKEN = /#[^\n]*|(['"])([^'"\n]*)\1/g;

/**
 * The joined value of a chain, or undefined when it is not one Python string: pieces on separate lines join
 * only inside brackets or after a `\\` (elsewhere, as in Markdown or plain text, they are separate strings).
 */
function chainValue(text: string, start: number, chain: string): string | undefined {
  const pieces: string[] = [];
  let last = -1;
  for (const t of chain.matchAll(CHAIN_TOKEN)) {
    if (t[0][0] === '#') continue;
    if (last >= 0 && /\n/.test(chain.slice(last, t.index)) && !/\\\r?\n/.test(chain.slice(last, t.index)) && !insideBracket(text, start)) return undefined;
    pieces.push(t[2]);
    last = t.index + t[0].length;
  }
  return pieces.join('');
}

/** Whether an offset sits inside an open '(' or '[' on its statement (looked for within the 2,000 characters before it). */
function insideBracket(text: string, at: number): boolean {
  let depth = 0;
  for (let i = at - 1; i >= Math.max(0, at - 2000); i--) {
    const c = text[i];
    if (c === ')' || c === ']') depth++;
    else if (c === '(' || c === '[') {
      if (depth === 0) return true;
      depth--;
    } else if (c === '\n' && depth === 0 && !/[,([{\\]\s*$/.test(text.slice(Math.max(0, i - 200), i))) return false;
  }
  return false;
}

export function findArchitectures(text: string, options: FinderOptions = {}): FoundArchitecture[] {
  const found: FoundArchitecture[] = [];
  const from = options.from ?? 0;
  const to = options.to ?? text.length;
  let map: LineMap | undefined; // built only when something is found
  const lineMap = () => (map ??= new LineMap(text));
  const covered: Array<[number, number]> = [];

  // NB201 strings written as 'part one' 'part two' (one literal in Python): read joined.
  if (text.includes('~') && (!options.only || options.only.includes('nb201'))) {
    STRING_CHAIN.lastIndex = 0;
    for (let m = STRING_CHAIN.exec(text); m; m = STRING_CHAIN.exec(text)) {
      const s = m.index;
      const e = s + m[0].length;
      const joined = chainValue(text, s, m[0]);
      const spec = joined === undefined ? undefined : detectValueNotation(joined);
      if (joined === undefined || spec?.id !== 'nb201' || !joined.includes('+')) continue;
      covered.push([s, e]);
      if (e <= from || s >= to) continue;
      const inner = new Reporter(new LineMap(joined));
      const read = spec.read(joined, 0, joined.length, inner, { ops: options.ops?.nb201 });
      const rep = new Reporter(lineMap());
      // Offsets inside the joined text do not map back piece by piece: report on the whole literal.
      for (const d of inner.diagnostics) rep.add(d.severity, s, e, d.code, d.message, d.suggestions);
      found.push({ notation: 'nb201', text: m[0], start: s, end: e, range: rep.map.range(s, e), cell: rep.errorCount ? undefined : read.cell, diagnostics: rep.diagnostics });
    }
  }

  // Bracket matching of all candidates together reads at most a few times the text (a file of unclosed calls stays linear).
  resetScanBudget(4 * text.length + 100_000);
  for (const spec of NOTATIONS) {
    const scan = spec.find;
    if (!scan || (options.only && !options.only.includes(spec.id)) || !scan.quick(text)) continue;
    scan.re.lastIndex = 0;
    let next = 0; // chains are in text order, and so are the matches: one pointer
    for (let m = scan.re.exec(text); m; m = scan.re.exec(text)) {
      const s = m.index;
      while (next < covered.length && covered[next][1] <= s) next++;
      if (next < covered.length && covered[next][0] <= s) continue;
      const end = scan.extent ? scan.extent(text, m) : s + m[0].length;
      if (end === undefined) continue;
      const e = end < 0 ? s + m[0].length : end;
      if (e <= from || s >= to) {
        if (end > 0) scan.re.lastIndex = Math.max(scan.re.lastIndex, e);
        continue;
      }
      const rep = new Reporter(lineMap());
      const f = readFound(text, s, e, end < 0, spec, rep, options);
      if (f === 'skip') continue;
      if (end > 0) scan.re.lastIndex = Math.max(scan.re.lastIndex, e);
      found.push({ notation: spec.id, text: text.slice(s, e), start: s, end: e, range: rep.map.range(s, e), cell: f, diagnostics: rep.diagnostics });
    }
  }
  found.sort((a, b) => a.start - b.start);
  for (const f of found) f.name = assignedName(text, f.start);
  summariseForeignGenotypes(found);
  return found;
}

function readFound(
  text: string, s: number, e: number, unbalanced: boolean, spec: NotationSpec, rep: Reporter, options: FinderOptions,
): Cell | undefined | 'skip' {
  if (unbalanced) {
    const open = text.indexOf('(', s);
    rep.error(open, open + 1, 'unbalanced-brackets', `'(' of ${spec.title} is never closed (add ')')`, [')']);
    return undefined;
  }
  const read = spec.read(text, s, e, rep, { ops: options.ops?.[spec.id], dartsNodes: options.dartsNodes });
  return read.skipped ? 'skip' : rep.errorCount ? undefined : read.cell;
}

/** `NAME = <literal>`, `NAME: Type = (`, `'name': <literal>` or `name=<literal>` just before the literal on its line. */
function assignedName(text: string, start: number): string | undefined {
  // Only the 200 characters before the literal: a line without breaks must not cost its whole length per literal.
  const window = text.slice(Math.max(0, start - 200), start);
  const before = window.slice(window.lastIndexOf('\n') + 1);
  const m = /(?:^|[\s,({[])([A-Za-z_]\w*)\s*(?::\s*[\w.[\], ]+)?=\s*\(?\s*[rbuRBU]?['"]?$/.exec(before) ??
    /(['"])([\w.+-]+)\1\s*:\s*\(?\s*['"]?$/.exec(before);
  if (!m) return undefined;
  return m.length === 3 ? m[2] : m[1];
}

/**
 * Genotype literals whose operators are outside the DARTS vocabulary: one diagnostic per literal
 * (NASNet/AmoebaNet-style cells, with the foreign operators named) instead of one per tuple, and a
 * file of literals from an unrelated vocabulary gets one note in all.
 */
function summariseForeignGenotypes(found: FoundArchitecture[]): void {
  const darts = new Set(DARTS_OP_NAMES);
  const unrelated: FoundArchitecture[] = [];
  const unrelatedOps = new Set<string>();
  for (const f of found) {
    if (f.notation !== 'genotype') continue;
    const unknown = f.diagnostics.filter((d) => d.code === 'unknown-operator');
    if (unknown.length === 0) continue;
    // A genotype's only strings are its operator names: split them into DARTS ones and the others.
    const names = [...new Set(f.text.match(/['"]([A-Za-z_]\w*)['"]/g)?.map((q) => q.slice(1, -1)) ?? [])];
    const ops = names.filter((o) => !darts.has(o));
    const known = names.filter((o) => darts.has(o));
    const rest = f.diagnostics.filter((d) => d.code !== 'unknown-operator');
    if (known.length === 0) {
      unrelated.push(f);
      for (const o of ops) unrelatedOps.add(o);
      f.diagnostics = rest.filter((d) => d.severity !== 'error');
      continue;
    }
    const first = unknown[0];
    // One misspelt DARTS operator is a typo (keep its "did you mean"); NASNet/AmoebaNet operators or a
    // NASNet-sized cell (more than 4 nodes) are another search space.
    const nasnetSized = rest.some((d) => d.code === 'genotype-pair-count' && /NASNet-style/.test(d.message));
    const typo = ops.length === 1 && (first.suggestions?.length ?? 0) > 0 && !NASNET_OPS.has(ops[0]) && !nasnetSized;
    f.diagnostics = [
      typo
        ? first
        : {
          severity: 'warning', code: 'genotype-foreign-operators', range: f.range,
          message: `this genotype uses ${ops.length} operator${ops.length === 1 ? '' : 's'} outside the DARTS space (${ops.map((o) => `'${o}'`).join(', ')}), ` +
            (nasnetSized
              ? 'and more than four intermediate nodes, as NASNet/AmoebaNet cells do: it is outside every built-in space and is not scored'
              : 'as NASNet/AmoebaNet cells do: it is not scored. To score it, declare them in a .arch file (op NAME "sentence") and write the cell there'),
        },
      // A NASNet-sized cell's pair count is what the warning says already; any other pair count stays reported.
      ...rest.filter((d) => !(nasnetSized && d.code === 'genotype-pair-count')),
    ];
  }
  if (unrelated.length > 0) {
    const list = [...unrelatedOps].slice(0, 6).map((o) => `'${o}'`).join(', ');
    unrelated[0].diagnostics.unshift({
      severity: 'info', code: 'genotype-unrelated-vocabulary', range: unrelated[0].range,
      message: `${unrelated.length} Genotype literal${unrelated.length === 1 ? '' : 's'} in this file use${unrelated.length === 1 ? 's' : ''} operators of no built-in space (${list}${unrelatedOps.size > 6 ? ', …' : ''}): not scored. ` +
        'Declare them in a .arch file (op NAME "sentence") to score such cells',
    });
  }
}

/** Operators of NASNet / AmoebaNet / ENAS genotypes (Zoph et al. 2018, Real et al. 2019) outside the DARTS space. */
const NASNET_OPS = new Set([
  'sep_conv_7x7', 'conv_7x1_1x7', 'conv_1x7_7x1', 'identity', 'max_pool_5x5', 'max_pool_7x7', 'avg_pool_5x5', 'conv_1x1', 'conv_3x3',
  'dil_sep_conv_3x3', 'dil_conv_7x7', 'sep_conv_3x3_2', 'conv_1x3_3x1',
]);

/** The literal at an offset (e.g. under the cursor), if any. */
export function findArchitectureAt(text: string, offset: number, options: FinderOptions = {}): FoundArchitecture | undefined {
  // Look only around the offset: a literal spans at most MAX_LITERAL_LENGTH characters.
  return findArchitectures(text, { ...options, from: offset, to: offset + 1 }).find((f) => f.start <= offset && offset < f.end);
}
