/**
 * tfjs backend selection. Order: the native tfjs-node backend when the optional package
 * is installed, else wasm (SIMD, one thread), else cpu. The cpu backend is 17-20x slower
 * than wasm, so falling back to it is always logged, never silent.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectRoot } from './paths';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

let ready: Promise<BackendName> | undefined;

/** Folder holding tfjs-backend-wasm*.wasm: beside the bundle (dist/) or in node_modules. */
function wasmFolder(): string | undefined {
  const candidates = [__dirname, join(projectRoot(), 'dist')];
  try {
    candidates.push(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist'));
  } catch {
    /* bundled without node_modules */
  }
  return candidates.find((d) => existsSync(join(d, 'tfjs-backend-wasm-simd.wasm')));
}

/**
 * Initialise tfjs once per process. `prefer` forces a backend (tests use 'cpu' to
 * compare); `log` receives the fallback warnings.
 */
export function initBackend(prefer?: BackendName, log: (msg: string) => void = (m) => console.error(m)): Promise<BackendName> {
  if (!ready) ready = choose(prefer ?? (process.env.TGNAS_BACKEND as BackendName | undefined), log);
  return ready;
}

async function choose(prefer: BackendName | undefined, log: (msg: string) => void): Promise<BackendName> {
  if (prefer === undefined || prefer === 'tensorflow') {
    try {
      // Optional dependency: absent on machines without libtensorflow. A runtime require keeps
      // it out of the bundle.
      createRequire(__filename)('@tensorflow/tfjs-node');
      if (await tf.setBackend('tensorflow')) return 'tensorflow';
    } catch {
      if (prefer === 'tensorflow') log('[tgnas] @tensorflow/tfjs-node is not installed; trying wasm');
    }
  }
  if (prefer !== 'cpu') {
    const folder = wasmFolder();
    if (folder) {
      setWasmPaths(folder.endsWith('/') ? folder : folder + '/');
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return 'wasm';
      }
      log(`[tgnas] tfjs wasm backend failed to start from ${folder}; falling back to the cpu backend (17-20x slower)`);
    } else {
      log('[tgnas] tfjs wasm binaries not found beside the bundle or in node_modules; falling back to the cpu backend (17-20x slower)');
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}
