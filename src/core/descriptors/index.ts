/** Cost descriptors of operators and graphs: the GCN's cost-aware inputs (see operator.ts, graph.ts). */
export * from './operator';
export * from './graph';

import type { OpGraph } from '../types';
import { archSize, graphCost, type ArchSize, type ExactSize } from './graph';
import { cachedDescriptor, describeOperator, type OpDescriptor } from './operator';

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
  const of = (op: string): OpDescriptor => {
    const s = describe(op);
    if (s === undefined) throw new Error(`operator '${op}' has no description`);
    const d = declared?.(op);
    return d ? describeOperator(s, d).descriptor : cachedDescriptor(s).descriptor;
  };
  return archs.map((a, i) => archSize(a.map((g) => graphCost(g, of)), exact?.[i]));
}
