/**
 * Training worker entry (bundled to dist/worker.js). One `train` request per worker; a
 * `cancel` request aborts between training steps. See gcn/worker-client.ts for the client.
 */
import { parentPort } from 'node:worker_threads';
import { trainModel } from './gcn/pipeline';
import { TrainingCancelled } from './gcn/train';
import type { WorkerReply, WorkerRequest } from './gcn/worker-client';

const port = parentPort;
if (!port) throw new Error('src/core/worker.ts must run as a worker_thread');
const controller = new AbortController();
const reply = (m: WorkerReply) => port.postMessage(m);

port.on('message', (m: WorkerRequest) => {
  if (m.type === 'cancel') {
    controller.abort();
    return;
  }
  if (m.type !== 'train') return;
  trainModel(m.options, (progress) => reply({ type: 'progress', progress }), controller.signal).then(
    (result) => reply({ type: 'done', result }),
    (e: unknown) => reply(e instanceof TrainingCancelled ? { type: 'cancelled' } : { type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) }),
  );
});
