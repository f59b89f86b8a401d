/**
 * Runs `tgnas/search` in a worker thread (dist/search-worker.js). Cancel asks the worker to stop;
 * if it has not answered within CANCEL_GRACE_MS (a long synchronous scoring batch), the worker is
 * terminated and a fresh one starts on the next search, so a cancel always lands within 200 ms.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SearchProgress, SearchResult } from '../shared/protocol';
import type { SearchJob, WorkerReply, WorkerRequest } from './search-worker';

const CANCEL_GRACE_MS = 120;

interface Pending {
  resolve: (r: SearchResult) => void;
  reject: (e: Error) => void;
  progress: (p: SearchProgress) => void;
  job: SearchJob;
}

export class SearchHost {
  private worker?: Worker;
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly log: (m: string) => void, private readonly script = join(__dirname, 'search-worker.js')) {}

  run(job: SearchJob, progress: (p: SearchProgress) => void, onCancel: (listener: () => void) => void): Promise<SearchResult> {
    const worker = this.ensureWorker();
    return new Promise<SearchResult>((resolve, reject) => {
      this.pending.set(job.id, { resolve, reject, progress, job });
      worker.postMessage({ type: 'search', job } satisfies WorkerRequest);
      onCancel(() => {
        if (!this.pending.has(job.id)) return;
        worker.postMessage({ type: 'cancel', id: job.id } satisfies WorkerRequest);
        setTimeout(() => {
          if (!this.pending.has(job.id) || this.worker !== worker) return;
          this.log(`[search] ${job.id} did not stop within ${CANCEL_GRACE_MS} ms; terminating the search worker`);
          this.worker = undefined;
          void worker.terminate();
          this.settleAll(worker, true);
        }, CANCEL_GRACE_MS);
      });
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (m: WorkerReply) => {
      if (m.type === 'log') return this.log(m.message);
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'loading') p.progress({ searchId: m.id, phase: 'loading', step: 0, totalSteps: 0, evaluations: 0, bestScore: -Infinity, percent: 0 });
      else if (m.type === 'progress') p.progress({ searchId: m.id, ...m.progress, percent: m.percent });
      else {
        this.pending.delete(m.id);
        if (m.type === 'result') p.resolve(m.result);
        else p.reject(new Error(m.message));
      }
    });
    worker.on('error', (e) => {
      this.log(`[search] worker error: ${e.message.split('\n')[0]}`);
      if (this.worker === worker) this.worker = undefined;
      this.settleAll(worker, false, e);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.settleAll(worker, true);
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Settles the jobs of a dead worker: cancelled ones resolve as cancelled, others fail. */
  private settleAll(_worker: Worker, cancelled: boolean, error?: Error): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      if (cancelled) p.resolve({ searchId: id, space: p.job.spaceName, spaceLabel: '', model: '', cancelled: true, results: [], evaluations: 0, seconds: 0, history: [] });
      else p.reject(error ?? new Error('search worker stopped'));
    }
  }
}
