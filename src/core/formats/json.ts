/**
 * A small JSON reader that keeps the source span of every value, so NB101 / graph-json
 * diagnostics can point at the offending row or operator, and syntax errors get a
 * line/column (JSON.parse only gives a message).
 */
import { Reporter, excerpt } from './text';
import { MAX_NESTING } from '../limits';

export type JValue =
  | { k: 'obj'; entries: Array<{ key: string; ks: number; ke: number; value: JValue }>; s: number; e: number }
  | { k: 'arr'; items: JValue[]; s: number; e: number }
  | { k: 'str'; v: string; s: number; e: number }
  | { k: 'num'; v: number; s: number; e: number }
  | { k: 'lit'; v: boolean | null; s: number; e: number };

class Stop extends Error {}

/** Parses text[start, end) as exactly one JSON value; undefined (with an error reported) on a syntax error. */
export function parseJsonRange(text: string, start: number, end: number, rep: Reporter): JValue | undefined {
  let i = start;
  const ws = () => {
    while (i < end && /\s/.test(text[i])) i++;
  };
  const fail = (s: number, msg: string): never => {
    rep.error(s, Math.min(end, s + 1), 'json-syntax', msg);
    throw new Stop();
  };
  const unclosed = (s: number, open: string, close: string): never => {
    rep.error(s, s + 1, 'unbalanced-brackets', `'${open}' is never closed (add '${close}')`, [close]);
    throw new Stop();
  };
  const found = () => (i < end ? `'${excerpt(text.slice(i, i + 12), 12)}'` : 'the end');
  // Recursion depth is bounded: a 10^5-deep '[[[[...' line gets a diagnostic, not a stack overflow.
  let depth = 0;
  const value = (): JValue => {
    if (++depth > MAX_NESTING) {
      rep.error(i, Math.min(end, i + 1), 'too-deeply-nested', `brackets nested more than ${MAX_NESTING} levels deep (a cell nests 4 at most)`);
      throw new Stop();
    }
    try {
      return valueAt();
    } finally {
      depth--;
    }
  };
  const valueAt = (): JValue => {
    ws();
    const s = i;
    const c = text[i];
    if (i >= end) return fail(Math.max(start, s - 1), 'expected a JSON value before the end');
    if (c === '{') {
      i++;
      const entries: Array<{ key: string; ks: number; ke: number; value: JValue }> = [];
      ws();
      if (text[i] === '}') return i++, { k: 'obj', entries, s, e: i };
      for (;;) {
        ws();
        if (i >= end) unclosed(s, '{', '}');
        if (text[i] !== '"') fail(i, `expected a "key" in the object, found ${found()}`);
        const ks = i;
        const key = str();
        const ke = i;
        ws();
        if (text[i] !== ':') fail(i, `expected ':' after "${key}", found ${found()}`);
        i++;
        entries.push({ key, ks, ke, value: value() });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return i++, { k: 'obj', entries, s, e: i };
        if (i >= end) unclosed(s, '{', '}');
        return fail(i, `expected ',' or '}' in the object, found ${found()}`);
      }
    }
    if (c === '[') {
      i++;
      const items: JValue[] = [];
      ws();
      if (text[i] === ']') return i++, { k: 'arr', items, s, e: i };
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return i++, { k: 'arr', items, s, e: i };
        if (i >= end) unclosed(s, '[', ']');
        return fail(i, `expected ',' or ']' in the list, found ${found()}`);
      }
    }
    if (c === '"') return { k: 'str', v: str(), s, e: i };
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, Math.min(end, i + 64)));
    if (m) {
      i += m[0].length;
      return { k: 'num', v: Number(m[0]), s, e: i };
    }
    for (const [w, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(w, i) && i + w.length <= end) {
        i += w.length;
        return { k: 'lit', v, s, e: i };
      }
    }
    if (c === "'") return fail(s, "JSON strings use double quotes: write \"...\" instead of '...'");
    return fail(s, `unexpected ${found()}: expected a JSON value`);
  };
  const str = (): string => {
    const s = i;
    i++;
    let out = '';
    while (i < end && text[i] !== '"') {
      if (text[i] === '\n') fail(s, 'string is never closed on its line');
      if (text[i] === '\\') {
        const n = text[i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
        if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        if (!(n in map)) fail(i, `invalid escape '\\${n ?? ''}' in string`);
        out += map[n];
        i += 2;
        continue;
      }
      out += text[i++];
    }
    if (i >= end) fail(s, 'string is never closed');
    i++;
    return out;
  };
  try {
    const v = value();
    ws();
    if (i < end) fail(i, `unexpected text after the JSON value: ${found()}`);
    return v;
  } catch (e) {
    if (e instanceof Stop) return undefined;
    throw e;
  }
}

export function jget(o: JValue, key: string): { value: JValue; ks: number; ke: number } | undefined {
  if (o.k !== 'obj') return undefined;
  const e = o.entries.find((x) => x.key === key);
  return e && { value: e.value, ks: e.ks, ke: e.ke };
}
