// Shared helpers of the formats test files (not a test file itself: no .test suffix).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths';
import type { Diagnostic } from '../../src/core/types';

export const fixtures = () => join(projectRoot(), 'test', 'fixtures', 'formats');
export const readFixture = (name: string) => readFileSync(join(fixtures(), name), 'utf8');
export const readJsonFixture = <T>(name: string): T => JSON.parse(readFixture(name)) as T;

/** The fields golden files pin down. */
export function brief(ds: readonly Diagnostic[]) {
  return ds.map((d) => ({
    severity: d.severity, code: d.code, range: d.range, message: d.message,
    ...(d.suggestions ? { suggestions: d.suggestions } : {}),
  }));
}
