/**
 * Whole-network benchmark codes: TransNAS-Bench-101 macro skeletons `64-41414-basic` (the benchmark's
 * own arch_str) and NAS-Bench-MR codes `128_128_2_4_...` (27 integers joined by `_`, the csv's `code`).
 * Parsers check the syntax; membership (module counts, value ranges) is the spaces' validate().
 */
import type { NbmrCell, Tnb101MacroCell } from '../types';
import { tnb101MacroArchString } from '../spaces/tnb101-macro';
import { Reporter, excerpt } from './text';

export function formatTnb101Macro(cell: Tnb101MacroCell): string {
  return tnb101MacroArchString(cell.modules);
}

export function formatNbmr(cell: NbmrCell): string {
  return cell.code.join('_');
}

/** Parses text[start, end) as `64-<module codes 1-4>-basic`. */
export function parseTnb101MacroRange(text: string, start: number, end: number, rep: Reporter): Tnb101MacroCell | undefined {
  const s = text.slice(start, end);
  const m = /^(\d+)-([^\s-]*)-(\S*)$/.exec(s);
  if (!m) {
    rep.error(start, end, 'tnb101-macro-syntax', `'${excerpt(s)}' is not a TransNAS-Bench-101 macro skeleton: expected e.g. '64-41414-basic'`);
    return undefined;
  }
  const before = rep.errorCount;
  const [, base, codes, micro] = m;
  if (base !== '64') rep.error(start, start + base.length, 'tnb101-macro-base', `TransNAS-Bench-101 macro networks start with 64 channels, not ${base} ('64-...-basic')`);
  const codesAt = start + base.length + 1;
  if (codes.length === 0) rep.error(codesAt - 1, codesAt + 1, 'tnb101-macro-syntax', "missing module codes between the dashes (e.g. '64-41414-basic')");
  [...codes].forEach((c, i) => {
    if (!/[1-4]/.test(c)) {
      rep.error(codesAt + i, codesAt + i + 1, 'tnb101-macro-module',
        `module code '${c}' is not 1-4 (1 keep, 2 channels x2, 3 stride 2, 4 both)`);
    }
  });
  if (micro !== 'basic') {
    const at = codesAt + codes.length + 1;
    rep.error(at, end, 'tnb101-macro-cell', `only ResNet basic-block skeletons ('-basic') are in the benchmark, not '${excerpt(micro)}'`);
  }
  return rep.errorCount > before ? undefined : { kind: 'tnb101-macro', modules: [...codes].map(Number) };
}

/** Parses text[start, end) as a NAS-Bench-MR code: 27 non-negative integers joined by '_'. */
export function parseNbmrRange(text: string, start: number, end: number, rep: Reporter): NbmrCell | undefined {
  const s = text.slice(start, end);
  if (!/^\d+(?:_\d+)*$/.test(s)) {
    rep.error(start, end, 'nbmr-syntax', `'${excerpt(s)}' is not a NAS-Bench-MR code: expected 27 integers joined by '_'`);
    return undefined;
  }
  const code = s.split('_').map(Number);
  if (code.length !== 27) {
    rep.error(start, end, 'nbmr-code-length',
      `a NAS-Bench-MR code has 27 integers (input_ch1, input_ch2, per block modules, blocks and channels per branch, last_channel), found ${code.length}`);
    return undefined;
  }
  return { kind: 'nbmr', code };
}
