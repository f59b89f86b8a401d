/** Cost descriptors of operators and graphs: the GCN's cost-aware inputs (see operator.ts, graph.ts). */
export * from './operator';
export * from './graph';

import type { OpGraph } from '../types';
import { archSize, graphCost, type ArchSize, type ExactSize } from './graph';
import { cachedDescriptor, describeOperator, type OpDescriptor } from './operator';

/**
 * The descriptor of each operator name: declared values over the sentence estimate, memoised per
 * lookup (one sentence parse per operator, not per node). Throws on an undescribed operator.
 */
export function descriptorLookup(
  describe: (op: string) => string | undefined,
  declared?: (op: string) => Partial<OpDescriptor> | undefined,
): (op: string) => OpDescriptor {
  const memo = new Map<string, OpDescriptor>();
  return (op) => {
    let r = memo.get(op);
    if (!r) {
      const s = describe(op);
      if (s === undefined) throw new Error(`operator '${op}' has no description`);
      const d = declared?.(op);
      r = d ? describeOperator(s, d).descriptor : cachedDescriptor(s).descriptor;
      memo.set(op, r);
    }
    return r;
  };
}

/**
 * Raw size inputs of architectures straight from their graphs (no model needed): what a space's
 * reference sample is summarised by. `describe` maps an operator name to its sentence (throws on
 * an undescribed operator); `declared` overrides descriptors by name; `exact` gives whole-network
 * params/FLOPs per architecture.
 */
export function architectureSizes(
  archs: readonly OpGraph[][],
  describe: (op: string) => string | undefined,
  declared?: (op: string) => Partial<OpDescriptor> | undefined,
  exact?: ReadonlyArray<ExactSize | undefined>,
): ArchSize[] {
  const of = descriptorLookup(describe, declared);
  return archs.map((a, i) => archSize(a.map((g) => graphCost(g, of)), exact?.[i]));
}
