/**
 * "Known operators nearest to a sentence", shared by the GCN proxy and the structural baseline so
 * both hovers list the same neighbours the same way: the built-in vocabulary grouped by sentence
 * (operators that share one sentence are one neighbour, named "a / b"), ranked by core/encoder's
 * nearest() / rankNeighbours().
 */
import type { Neighbour } from '../encoder';
import { builtinOperators } from '../spaces/vocabulary';
import type { NearestOperator } from './types';

/** Built-in operator names by their description sentence (input/output excluded: nobody declares those). */
export function knownOperatorsBySentence(): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const op of builtinOperators().values()) {
    if (op.kind === 'io') continue;
    names.set(op.description, [...(names.get(op.description) ?? []), op.name]);
  }
  return names;
}

/** Ranked neighbours (sentences) as the Proxy's NearestOperator list, naming every operator of a sentence. */
export function toNearestOperators(neighbours: readonly Pick<Neighbour, 'sentence' | 'similarity'>[], names: Map<string, string[]>): NearestOperator[] {
  return neighbours.map((n) => ({ name: (names.get(n.sentence) ?? [n.sentence]).join(' / '), description: n.sentence, similarity: n.similarity }));
}
