/**
 * Finds NB201 arch strings, `Genotype(...)` literals, TransNAS-Bench-101 macro skeletons
 * (`64-41414-basic`) and NAS-Bench-MR codes (27 integers joined by `_`) inside any text (Python,
 * Markdown, JSON, plain text) for the editor's hover / inlay / diagnostics. A regex pre-scan finds
 * candidates; only those are parsed, so a 5,000-line file costs a few milliseconds.
 */
import type { Cell, Diagnostic, SourceRange } from '../types';
import { LineMap, Reporter } from './text';
import { parseNb201Range } from './nb201';
import { parseGenotypeRange } from './genotype';
import { parseNbmrRange, parseTnb101MacroRange } from './macro';

export interface FoundArchitecture {
  notation: 'nb201' | 'genotype' | 'tnb101-macro' | 'nbmr';
  /** The matched source text. */
  text: string;
  /** Offsets into the searched text, end exclusive. */
  start: number;
  end: number;
  range: SourceRange;
  /** Undefined when the literal has errors (see diagnostics). */
  cell?: Cell;
  diagnostics: Diagnostic[];
}

export interface FinderOptions {
  nb201?: boolean;
  genotype?: boolean;
  tnb101Macro?: boolean;
  nbmr?: boolean;
  /** Allowed NB201 operators (default NB201's; null: any). */
  nb201Ops?: readonly string[] | null;
  /** Allowed DARTS operators (default DARTS'; null: any, e.g. to read NASNet/AmoebaNet genotypes). */
  dartsOps?: readonly string[] | null;
  /** Intermediate nodes of a genotype (default 4; 'any' for NASNet-style cells). */
  dartsNodes?: number | 'any';
  /** Only report literals overlapping [from, to) (offsets), e.g. the visible range. */
  from?: number;
  to?: number;
}

// An NB201-looking run: '|op~i|' blocks joined by '+|', with at least one '+' (fewer false positives).
const NB201_RE = /\|[A-Za-z_][\w.-]*~\d+\|(?:[A-Za-z_][\w.-]*~\d+\||\+\|)*/g;
const GENOTYPE_RE = /\b(?:[A-Za-z_]\w*\.)*Genotype\s*\(/g;
const LITERAL_START = /\s*(?:#[^\n]*\n\s*)*(?:[[(]|[A-Za-z_]\w*\s*=[^=])/y;
// Whole-network codes, as whole tokens: `64-41414-basic`, and exactly 27 integers joined by '_'.
const TNB101_MACRO_RE = /(?<![\w.-])\d{1,4}-\d{1,12}-basic(?![\w-])/g;
const NBMR_RE = /(?<![\w.])\d{1,4}(?:_\d{1,4}){26}(?![\w.])/g;
/** A genotype literal is a few hundred characters; stop looking for its ')' after this many. */
const MAX_GENOTYPE_LENGTH = 20000;

export function findArchitectures(text: string, options: FinderOptions = {}): FoundArchitecture[] {
  const found: FoundArchitecture[] = [];
  const from = options.from ?? 0;
  const to = options.to ?? text.length;
  let map: LineMap | undefined; // built only when something is found
  const lineMap = () => (map ??= new LineMap(text));

  if (options.nb201 !== false && text.includes('~')) {
    NB201_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = NB201_RE.exec(text))) {
      const s = m.index;
      const e = s + m[0].length;
      if (!m[0].includes('+') || e <= from || s >= to) continue;
      const rep = new Reporter(lineMap());
      const cell = parseNb201Range(text, s, e, rep, { ops: options.nb201Ops });
      found.push({ notation: 'nb201', text: m[0], start: s, end: e, range: rep.map.range(s, e), cell, diagnostics: rep.diagnostics });
    }
  }

  if (options.genotype !== false && text.includes('Genotype')) {
    GENOTYPE_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = GENOTYPE_RE.exec(text))) {
      const s = m.index;
      if (/\b(def|class)\s+$/.test(text.slice(Math.max(0, s - 8), s))) continue;
      const open = s + m[0].length - 1;
      // A literal opens with a list/tuple or a keyword argument; prose such as "Genotype(...)" does not.
      LITERAL_START.lastIndex = open + 1;
      if (!LITERAL_START.test(text)) continue;
      const close = matchingParen(text, open);
      const e = close < 0 ? open + 1 : close + 1;
      if (e <= from || s >= to) continue;
      const rep = new Reporter(lineMap());
      let cell: Cell | undefined;
      if (close < 0) {
        rep.error(open, open + 1, 'unbalanced-brackets', "'(' of Genotype is never closed (add ')')", [')']);
      } else {
        cell = parseGenotypeRange(text, s, e, rep, { ops: options.dartsOps, nodes: options.dartsNodes });
        // Code that builds a genotype from variables (Genotype(normal=gene_normal, ...)) is not a literal.
        if (rep.diagnostics.some((d) => d.code === 'genotype-not-literal')) continue;
        GENOTYPE_RE.lastIndex = e;
      }
      found.push({ notation: 'genotype', text: text.slice(s, e), start: s, end: e, range: rep.map.range(s, e), cell, diagnostics: rep.diagnostics });
    }
  }
  const codes: Array<['tnb101-macro' | 'nbmr', RegExp, boolean]> = [
    ['tnb101-macro', TNB101_MACRO_RE, options.tnb101Macro !== false && text.includes('-basic')],
    ['nbmr', NBMR_RE, options.nbmr !== false && /\d_\d/.test(text)],
  ];
  for (const [notation, re, enabled] of codes) {
    if (!enabled) continue;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const s = m.index;
      const e = s + m[0].length;
      if (e <= from || s >= to) continue;
      const rep = new Reporter(lineMap());
      const cell = notation === 'tnb101-macro' ? parseTnb101MacroRange(text, s, e, rep) : parseNbmrRange(text, s, e, rep);
      found.push({ notation, text: m[0], start: s, end: e, range: rep.map.range(s, e), cell, diagnostics: rep.diagnostics });
    }
  }
  found.sort((a, b) => a.start - b.start);
  return found;
}

/** Offset of the ')' closing text[open], skipping strings and # comments; -1 when not found. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  const limit = Math.min(text.length, open + MAX_GENOTYPE_LENGTH);
  for (let i = open; i < limit; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth === 0) return c === ')' ? i : -1;
      if (depth < 0) return -1;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < limit && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '#') {
      while (i < limit && text[i] !== '\n') i++;
    }
  }
  return -1;
}

/** The literal at an offset (e.g. under the cursor), if any. */
export function findArchitectureAt(text: string, offset: number, options: FinderOptions = {}): FoundArchitecture | undefined {
  // Look only around the offset: a literal spans at most MAX_GENOTYPE_LENGTH characters.
  return findArchitectures(text, { ...options, from: offset, to: offset + 1 }).find((f) => f.start <= offset && offset < f.end);
}
