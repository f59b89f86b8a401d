/**
 * The protocol boundary: parameters of the custom requests (src/shared/protocol.ts) arrive as
 * untyped JSON from any client. Each request's parameters are checked here, before any feature
 * code runs; a wrong one is a ParamsError, answered as InvalidParams (-32602) with one line.
 */
import { SEARCH_BOUNDS } from '../core/search/limits';
import { LATENCY_DEVICE_IDS, PARETO_CHOICES, type CellLocator, type LeaderboardParams, type ScoreParams, type SearchParams } from '../shared/protocol';

export class ParamsError extends Error {}

/** Longest string parameter accepted (document texts travel by didOpen/didChange, not here). */
const MAX_STRING = 1 << 20;
const MAX_URIS = 10_000;

type Json = Record<string, unknown>;

function object(p: unknown, method: string, optional = false): Json {
  if (optional && (p === undefined || p === null)) return {};
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new ParamsError(`${method}: parameters must be an object`);
  return p as Json;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? 'a string' : typeof v === 'object' ? 'an object' : `${typeof v} ${String(v).slice(0, 40)}`;
}

function str(o: Json, key: string, method: string, required = false): string | undefined {
  const v = o[key];
  if (v === undefined || (v === null && !required)) {
    if (required) throw new ParamsError(`${method}: '${key}' is required (a string)`);
    return undefined;
  }
  if (typeof v !== 'string') throw new ParamsError(`${method}: '${key}' must be a string, not ${describe(v)}`);
  if (v.length > MAX_STRING) throw new ParamsError(`${method}: '${key}' is longer than ${MAX_STRING} characters`);
  return v;
}

/** A finite number (an integer where asked), at least `min` where given. */
function num(o: Json, key: string, method: string, b: { integer?: boolean; min?: number }): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  const what = b.integer ? 'an integer' : 'a number';
  if (typeof v !== 'number' || !Number.isFinite(v) || (b.integer && !Number.isInteger(v))) {
    throw new ParamsError(`${method}: '${key}' must be ${what}${b.min !== undefined ? ` >= ${b.min}` : ''}, not ${describe(v)}`);
  }
  if (b.min !== undefined && v < b.min) throw new ParamsError(`${method}: '${key}' must be ${what} >= ${b.min} (got ${v})`);
  return v;
}

/** A string of a fixed set. */
function choice<T extends string>(o: Json, key: string, method: string, values: readonly T[]): T | undefined {
  const v = str(o, key, method);
  if (v === undefined) return undefined;
  if (!values.includes(v as T)) throw new ParamsError(`${method}: '${key}' must be one of ${values.join(', ')}, not '${v.slice(0, 40)}'`);
  return v as T;
}

function position(o: Json, method: string): CellLocator['position'] {
  const v = o.position;
  if (v === undefined || v === null) return undefined;
  const p = object(v, `${method}: 'position'`);
  const line = num(p, 'line', `${method}: position`, { integer: true, min: 0 });
  const character = num(p, 'character', `${method}: position`, { integer: true, min: 0 });
  if (line === undefined || character === undefined) throw new ParamsError(`${method}: 'position' needs 'line' and 'character' (integers >= 0)`);
  return { line, character };
}

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function scoreParams(p: unknown): ScoreParams {
  const m = 'tgnas/score';
  const o = object(p, m);
  return defined({ uri: str(o, 'uri', m), architecture: str(o, 'architecture', m) });
}

export function cellLocator(p: unknown, m: string): CellLocator {
  const o = object(p, m);
  return defined({
    uri: str(o, 'uri', m), position: position(o, m), name: str(o, 'name', m), architecture: str(o, 'architecture', m), space: str(o, 'space', m),
  });
}

export function leaderboardParams(p: unknown): LeaderboardParams {
  const m = 'tgnas/leaderboard';
  const o = object(p, m, true);
  if (o.uris === undefined || o.uris === null) return {};
  if (!Array.isArray(o.uris) || o.uris.some((u) => typeof u !== 'string')) throw new ParamsError(`${m}: 'uris' must be an array of strings`);
  if (o.uris.length > MAX_URIS) throw new ParamsError(`${m}: at most ${MAX_URIS} uris`);
  return { uris: o.uris as string[] };
}

export function searchParams(p: unknown): SearchParams {
  const m = 'tgnas/search';
  const o = object(p, m);
  return defined({
    space: str(o, 'space', m, true)!,
    uri: str(o, 'uri', m),
    searchId: str(o, 'searchId', m) ?? '',
    top: num(o, 'top', m, { integer: true, min: SEARCH_BOUNDS.top }),
    population: num(o, 'population', m, { integer: true, min: SEARCH_BOUNDS.population }),
    generations: num(o, 'generations', m, { integer: true, min: SEARCH_BOUNDS.generations }),
    seed: num(o, 'seed', m, { integer: true, min: SEARCH_BOUNDS.seed }),
    // 0 = no limit, as in the tgnas.limits.* settings.
    maxParamsM: num(o, 'maxParamsM', m, { min: 0 }),
    maxFlopsM: num(o, 'maxFlopsM', m, { min: 0 }),
    pareto: choice(o, 'pareto', m, PARETO_CHOICES),
    device: choice(o, 'device', m, LATENCY_DEVICE_IDS),
  });
}
