/**
 * Section 4 of the proxy benchmark: how honest the shipped models' outputs are. 80 % interval
 * coverage per calibrated (space, dataset), re-fitted and measured by two-fold cross-fitting in
 * this run, and the percentile of every degenerate cell (proxy/degenerate.ts) in its space.
 */
import { DEGENERATE_CELLS } from '../core/proxy/degenerate';
import { calibrateModel, loadProxy } from '../core/proxy';
import { getSpace } from '../core/spaces';
import { dataDir } from '../core/paths';

const MODELS = ['universal', 'no-nb201'] as const;

export async function checksSection(emit: (line?: string) => void): Promise<void> {
  const data = dataDir();
  emit('## Calibration: 80 % interval coverage');
  emit();
  emit('Each (space, dataset) calibration is fitted on half of the labelled cells and its 80 % intervals are checked on the other half, both ways (proxy/calibration.ts intervalCoverage); goal 75-85 %.');
  emit();
  emit(`| space | dataset | cells | ${MODELS.join(' | ')} |`);
  emit(`| --- | --- | --- | ${MODELS.map(() => '---').join(' | ')} |`);
  const byModel = new Map<string, Map<string, { cells: number; coverage?: number }>>();
  for (const m of MODELS) {
    const rows = new Map<string, { cells: number; coverage?: number }>();
    try {
      const file = await calibrateModel(m, data!);
      for (const c of file.spaces) rows.set(`${c.space}\u0000${c.dataset}`, { cells: c.cells, coverage: c.coverage });
    } catch (e) {
      emit(`${m}: not available (${(e as Error).message.split('\n')[0]}).`);
    }
    byModel.set(m, rows);
  }
  const keys = [...new Set([...byModel.values()].flatMap((r) => [...r.keys()]))];
  for (const k of keys) {
    const [space, dataset] = k.split('\u0000');
    const cells = [...byModel.values()].find((r) => r.has(k))!.get(k)!.cells;
    emit(`| ${space} | ${dataset} | ${cells} | ${MODELS.map((m) => {
      const c = byModel.get(m)!.get(k)?.coverage;
      return c === undefined ? 'n/a' : `${(100 * c).toFixed(1)} %`;
    }).join(' | ')} |`);
  }
  emit();
  emit('## Degenerate cells');
  emit();
  emit('Percentile of each cell among its space\'s reference sample (0 = worst); goal: bottom 2 % in every shipped model. No rule special-cases them: the models see live params and parametric flags among their cost inputs.');
  emit();
  emit(`| space | cell | ${MODELS.join(' | ')} |`);
  emit(`| --- | --- | ${MODELS.map(() => '---').join(' | ')} |`);
  const pct = new Map<string, string[]>();
  for (const m of MODELS) {
    let proxy;
    try {
      proxy = await loadProxy({ model: m, log: () => undefined });
    } catch (e) {
      for (const d of DEGENERATE_CELLS) pct.set(`${d.space}/${d.name}`, [...(pct.get(`${d.space}/${d.name}`) ?? []), 'n/a']);
      emit(`${m}: not available (${(e as Error).message.split('\n')[0]}).`);
      continue;
    }
    for (const d of DEGENERATE_CELLS) {
      const [s] = await proxy.score(getSpace(d.space)!, [d.cell]);
      pct.set(`${d.space}/${d.name}`, [...(pct.get(`${d.space}/${d.name}`) ?? []), `${s.percentile.toFixed(2)}`]);
    }
    proxy.dispose();
  }
  for (const d of DEGENERATE_CELLS) emit(`| ${d.space} | ${d.name} | ${pct.get(`${d.space}/${d.name}`)!.join(' | ')} |`);
  emit();
}
