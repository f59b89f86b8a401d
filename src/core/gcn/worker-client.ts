/**
 * Runs `trainModel` in a worker_thread (dist/worker.js), so the extension host, language
 * server or CLI stays responsive; progress arrives as messages and an AbortSignal cancels.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../paths';
import type { TrainModelOptions, TrainModelResult } from './pipeline';
import { TrainingCancelled, type TrainProgress } from './train';

/** Messages between the client and src/core/worker.ts. */
export type WorkerRequest = { type: 'train'; options: Omit<TrainModelOptions, 'encoderInstance'> } | { type: 'cancel' };
export type WorkerReply =
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'done'; result: TrainModelResult }
  | { type: 'cancelled' }
  | { type: 'error'; message: string };

/** dist/worker.js beside this bundle, else in the project's dist/. */
export function defaultWorkerPath(): string {
  const candidates = [join(__dirname, 'worker.js'), join(projectRoot(), 'dist', 'worker.js')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`training worker not found (looked for ${candidates.join(', ')}); run the build`);
  return found;
}

export function trainInWorker(
  options: Omit<TrainModelOptions, 'encoderInstance'>,
  onProgress: (p: TrainProgress) => void = () => undefined,
  signal?: AbortSignal,
  workerPath: string = defaultWorkerPath(),
): Promise<TrainModelResult> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(workerPath);
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      f();
    };
    const onAbort = () => worker.postMessage({ type: 'cancel' } satisfies WorkerRequest);
    if (signal?.aborted) {
      finish(() => reject(new TrainingCancelled()));
      return;
    }
    signal?.addEventListener('abort', onAbort);
    worker.on('message', (m: WorkerReply) => {
      if (m.type === 'progress') onProgress(m.progress);
      else if (m.type === 'done') finish(() => resolvePromise(m.result));
      else if (m.type === 'cancelled') finish(() => reject(new TrainingCancelled()));
      else if (m.type === 'error') finish(() => reject(new Error(m.message)));
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`training worker exited with code ${code}`))));
    worker.postMessage({ type: 'train', options } satisfies WorkerRequest);
  });
}
