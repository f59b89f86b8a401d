/**
 * A small, strict argument parser: every command declares its flags, and anything
 * unknown is a usage error (exit 2) rather than silently ignored.
 */

export interface FlagSpec {
  /** Takes a value (`--space nb201`) or is a switch (`--json`). */
  value: boolean;
  /** Allowed values, checked when given. */
  choices?: readonly string[];
}

export interface Parsed {
  flags: Map<string, string | true>;
  positionals: string[];
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): Parsed {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option '--${name}'`);
    if (!s.value) {
      if (eq >= 0) throw new UsageError(`option '--${name}' takes no value`);
      flags.set(name, true);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`option '--${name}' needs a value`);
    if (s.choices && !s.choices.includes(value)) {
      throw new UsageError(`option '--${name}' must be one of ${s.choices.join(', ')} (got '${value}')`);
    }
    flags.set(name, value);
  }
  return { flags, positionals };
}

export function stringFlag(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/**
 * Bounds of a numeric flag, checked where it is read so every command refuses a bad value the same
 * way (usage error, exit 2): `positive` (> 0, e.g. limits), `min` (>= min, e.g. --top 1, --seed 0).
 */
export interface NumberBounds {
  positive?: boolean;
  min?: number;
}

export function numberFlag(p: Parsed, name: string, bounds: NumberBounds = {}): number | undefined {
  const v = stringFlag(p, name);
  if (v === undefined) return undefined;
  const n = v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`option '--${name}' needs a number (got '${v}')`);
  checkBounds(name, n, v, bounds, 'number');
  return n;
}

export function intFlag(p: Parsed, name: string, bounds: NumberBounds = {}): number | undefined {
  const v = stringFlag(p, name);
  const n = numberFlag(p, name);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n)) throw new UsageError(`option '--${name}' needs an integer (got '${v}')`);
  checkBounds(name, n, v!, bounds, 'integer');
  return n;
}

function checkBounds(name: string, n: number, raw: string, b: NumberBounds, what: 'number' | 'integer'): void {
  if (b.positive && !(n > 0)) throw new UsageError(`option '--${name}' needs a positive ${what} (got '${raw}')`);
  if (b.min !== undefined && n < b.min) {
    const words = b.min === 0 ? `a non-negative ${what}` : `${what === 'integer' ? 'an integer' : 'a number'} >= ${b.min}`;
    throw new UsageError(`option '--${name}' needs ${words} (got '${raw}')`);
  }
}
