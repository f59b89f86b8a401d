/** Minimal RFC-4180 CSV reader for the benchmark tables (quoted fields, commas inside quotes). */
import { readFileSync } from 'node:fs';

export interface CsvTable {
  header: string[];
  rows: string[][];
  /** Column index by name; throws with the known names when absent. */
  col(name: string): number;
}

export function parseCsv(text: string): CsvTable {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      field = '';
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
    } else field += ch;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  const [header = [], ...rows] = records;
  const index = new Map(header.map((h, i) => [h, i]));
  return {
    header,
    rows,
    col(name: string): number {
      const i = index.get(name);
      if (i === undefined) throw new Error(`CSV has no column '${name}' (columns: ${header.slice(0, 12).join(', ')}…)`);
      return i;
    },
  };
}

export function readCsv(path: string): CsvTable {
  return parseCsv(readFileSync(path, 'utf8'));
}
