/** Number formatting shared by the views (fixed decimals, en dash for missing values). */
export const MISSING = '–';

export function fmt(v: number | undefined | null, digits: number): string {
  return v === undefined || v === null || !Number.isFinite(v) ? MISSING : v.toFixed(digits);
}

export function fmtPercent(v: number | undefined | null, digits = 1): string {
  return v === undefined || v === null || !Number.isFinite(v) ? MISSING : `${v.toFixed(digits)} %`;
}

/** Params / FLOPs in millions, three significant-ish digits. */
export function fmtMillions(v: number | undefined | null): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return MISSING;
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

export function fmtInt(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}
