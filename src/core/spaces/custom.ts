/**
 * Custom spaces declared in `.arch` files: a built-in topology template with an operator list that
 * mixes known operators (referenced by name, sentence from the built-in vocabulary) and NEW ones
 * (with their own description sentence and optionally a cost hint). Takes a plain object so the
 * `.arch` parser's AST stays its own business.
 */
import type { OpDescriptor } from '../descriptors/operator';
import type { Cell, Operator, OperatorKind } from '../types';
import type { OpCostHint } from './cost';
import { DartsSpace } from './darts';
import { GraphSpace } from './graph';
import { Nb101Space } from './nb101';
import { Nb201Space } from './nb201';
import type { SearchSpace, SpaceOperator } from './space';
import { builtinOperators } from './vocabulary';

export interface CustomOperatorDecl {
  name: string;
  /** Required for new operators; overrides the built-in sentence of a known one (the model then sees new text). */
  description?: string;
  kind?: OperatorKind;
  cost?: OpCostHint;
  /** Declared cost-descriptor values (the rest is estimated from the sentence). */
  descriptor?: Partial<OpDescriptor>;
}

export interface CustomSpaceDecl {
  id: string;
  label?: string;
  topology: 'nb201' | 'darts' | 'nb101' | 'graph';
  /** Known operator names or declared operators. */
  operators: Array<string | CustomOperatorDecl>;
  /** nb101 / graph templates: node and edge bounds (nb101 defaults 7 and 9). */
  maxNodes?: number;
  maxEdges?: number;
  /** Network limits a search must respect (see `checkLimits`). */
  maxParamsM?: number;
  maxFlopsM?: number;
}

/** Thrown by createCustomSpace with every problem of the declaration. */
export class CustomSpaceError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'CustomSpaceError';
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_\-.]*$/;
/** Beyond this, NB101-style canonical relabelling (all topological orders) gets too slow. */
const MAX_NB101_NODES = 10;

/** Builds a search space from a declaration; throws CustomSpaceError listing every problem. */
export function createCustomSpace(decl: CustomSpaceDecl): SearchSpace {
  const problems: string[] = [];
  const known = builtinOperators();
  const ops: SpaceOperator[] = [];
  if (!decl.id || !NAME.test(decl.id)) problems.push(`invalid space id '${decl.id ?? ''}'`);
  if (!['nb201', 'darts', 'nb101', 'graph'].includes(decl.topology)) {
    problems.push(`unknown topology '${decl.topology}' (nb201, darts, nb101, graph)`);
  }
  for (const entry of decl.operators ?? []) {
    const d: CustomOperatorDecl = typeof entry === 'string' ? { name: entry } : entry;
    const builtin = known.get(d.name);
    if (!d.name || !NAME.test(d.name)) problems.push(`invalid operator name '${d.name ?? ''}'`);
    else if (d.name === 'input' || d.name === 'output') problems.push(`'${d.name}' is implicit; do not list it`);
    else if (ops.some((o) => o.name === d.name)) problems.push(`operator '${d.name}' listed twice`);
    else if (!builtin && !d.description?.trim()) {
      problems.push(`new operator '${d.name}' needs a description sentence (it is what the model reads)`);
    } else {
      if (d.cost?.like && !known.has(d.cost.like)) problems.push(`operator '${d.name}': cost hint refers to unknown operator '${d.cost.like}'`);
      const base: Operator = builtin ?? { name: d.name, description: '', kind: 'other' };
      ops.push({
        name: d.name,
        description: d.description?.trim() || base.description,
        kind: d.kind ?? base.kind,
        ...(d.cost ? { cost: d.cost } : {}),
        ...(d.descriptor ? { descriptor: d.descriptor } : {}),
      });
    }
  }
  if (ops.length === 0 && problems.length === 0) problems.push('a space needs at least one operator');
  for (const [k, v] of [['maxParamsM', decl.maxParamsM], ['maxFlopsM', decl.maxFlopsM]] as const) {
    if (v !== undefined && !(v > 0)) problems.push(`${k} must be positive`);
  }
  for (const [k, v] of [['maxNodes', decl.maxNodes], ['maxEdges', decl.maxEdges]] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= (k === 'maxNodes' ? 2 : 1))) problems.push(`${k} must be an integer >= ${k === 'maxNodes' ? 2 : 1}`);
  }
  if (decl.topology === 'nb101' && (decl.maxNodes ?? 7) > MAX_NB101_NODES) problems.push(`nb101 template: maxNodes at most ${MAX_NB101_NODES}`);
  if ((decl.topology === 'nb201' || decl.topology === 'darts') && (decl.maxNodes !== undefined || decl.maxEdges !== undefined)) {
    problems.push(`${decl.topology} template has a fixed cell; maxNodes/maxEdges do not apply`);
  }
  if (decl.topology === 'darts' && ops.length > 0 && ops.every((o) => o.name === 'none')) problems.push('darts template needs an operator besides none');
  if (problems.length) throw new CustomSpaceError(problems);

  const label = decl.label ?? decl.id;
  const limits = decl.maxParamsM !== undefined || decl.maxFlopsM !== undefined ? { maxParamsM: decl.maxParamsM, maxFlopsM: decl.maxFlopsM } : undefined;
  switch (decl.topology) {
    case 'nb201':
      return new Nb201Space({ id: decl.id, label, operators: ops, order: 'product', cost: 'nb201', limits });
    case 'darts':
      // Pruning removes edges by switching them to 'none', so a DARTS-style space always has it.
      if (!ops.some((o) => o.name === 'none')) ops.unshift(known.get('none')!);
      return new DartsSpace({ id: decl.id, label, operators: ops, limits });
    case 'nb101':
      return new Nb101Space({ id: decl.id, label, operators: ops, maxNodes: decl.maxNodes ?? 7, maxEdges: decl.maxEdges ?? 9, limits });
    case 'graph':
      return new GraphSpace({ id: decl.id, label, operators: ops, maxNodes: decl.maxNodes, maxEdges: decl.maxEdges, limits });
  }
}

/** Violations of a space's declared params/FLOPs limits (empty when within, or when no cost is known). */
export function checkLimits(space: SearchSpace, cell: Cell, dataset?: string): string[] {
  const lim = space.limits;
  if (!lim) return [];
  const cost = (space as SearchSpace<Cell>).cost(cell, dataset);
  if (!cost) return [];
  const out: string[] = [];
  if (lim.maxParamsM !== undefined && cost.params_M > lim.maxParamsM) out.push(`${cost.params_M.toFixed(3)}M params exceed the limit of ${lim.maxParamsM}M`);
  if (lim.maxFlopsM !== undefined && cost.flops_M > lim.maxFlopsM) out.push(`${cost.flops_M.toFixed(1)}M FLOPs exceed the limit of ${lim.maxFlopsM}M`);
  return out;
}
