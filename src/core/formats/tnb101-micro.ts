/**
 * TransNAS-Bench-101 micro strings, the benchmark's own arch_str: `64-41414-1_02_333` is the fixed
 * macro skeleton `64-41414` and one cell, its six edge codes grouped by target node (`1` into node 1,
 * `02` into node 2, `333` into node 3) in NB201 arch-string edge order. Codes: 0 none, 1 skip_connect,
 * 2 nor_conv_1x1, 3 nor_conv_3x3 (TNB101_NATIVE_CODES; NASLib's convert_op_indices_micro_to_str).
 */
import type { Nb201Cell } from '../types';
import { TNB101_NATIVE_CODES } from '../spaces/nb201';
import { excerpt, type Reporter } from './text';

const SHAPE = /^(\d+)-(\d+)-(\d)_(\d)(\d)_(\d)(\d)(\d)$/;
/** "0 none, 1 skip_connect, 2 nor_conv_1x1, 3 nor_conv_3x3", for messages. */
export const TNB101_CODES_TEXT = TNB101_NATIVE_CODES.map((op, i) => `${i} ${op}`).join(', ');

/** The skeleton of every micro cell in the benchmark. */
const SKELETON = '64-41414';

/** Parses text[start, end) as a TransNAS-Bench-101 micro string. */
export function parseTnb101MicroRange(text: string, start: number, end: number, rep: Reporter, ops?: readonly string[] | null): Nb201Cell | undefined {
  const s = text.slice(start, end);
  const m = SHAPE.exec(s);
  if (!m) {
    rep.error(start, end, 'tnb101-micro-syntax', `'${excerpt(s)}' is not a TransNAS-Bench-101 micro string: expected e.g. '64-41414-1_02_333'`);
    return undefined;
  }
  const skeleton = `${m[1]}-${m[2]}`;
  if (skeleton !== SKELETON) {
    rep.error(start, start + skeleton.length, 'tnb101-micro-skeleton', `TransNAS-Bench-101 micro cells sit in the '${SKELETON}' skeleton, not '${skeleton}'`);
    return undefined;
  }
  const codes = m.slice(3).map(Number);
  const before = rep.errorCount;
  const codeAt = [0, 2, 3, 5, 6, 7].map((k) => start + SKELETON.length + 1 + k);
  codes.forEach((c, i) => {
    if (c >= TNB101_NATIVE_CODES.length) rep.error(codeAt[i], codeAt[i] + 1, 'tnb101-micro-code', `op code ${c} is not 0-${TNB101_NATIVE_CODES.length - 1} (${TNB101_CODES_TEXT})`);
    else if (ops && !ops.includes(TNB101_NATIVE_CODES[c])) {
      rep.error(codeAt[i], codeAt[i] + 1, 'unknown-operator', `code ${c} is '${TNB101_NATIVE_CODES[c]}', which is not an operator of this space`);
    }
  });
  return rep.errorCount > before ? undefined : { kind: 'nb201', ops: codes.map((c) => TNB101_NATIVE_CODES[c]) };
}

/** NB201-shaped cell -> micro string; undefined when an operator has no TransNAS-Bench-101 code. */
export function formatTnb101Micro(cell: Nb201Cell): string | undefined {
  const c = cell.ops.map((o) => TNB101_NATIVE_CODES.indexOf(o));
  if (c.some((x) => x < 0)) return undefined;
  return `${SKELETON}-${c[0]}_${c[1]}${c[2]}_${c[3]}${c[4]}${c[5]}`;
}
