/** The `.arch` language: parse (document.ts), declarations (types.ts), and writing (format.ts). */
export * from './types';
export { parseArchDocument } from './document';
export * from './format';
export { formatGraphBlock, parseGraphNotation } from '../graph-block';
