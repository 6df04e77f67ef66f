/**
 * Node (`worker_threads`) sub-worker of the whole-pipeline bootstrap for the CLI's
 * `study --workers N`: the same messages and chunk function as workers/bootstrap.worker.ts.
 */
import { parentPort } from 'node:worker_threads';
import { bootstrapWorkerHandler, type PoolRequest } from '../src/modelling/bootstrapPool.ts';

if (!parentPort) throw new Error('bootstrapNode.worker.ts must run as a worker thread');
const port = parentPort;
const handle = bootstrapWorkerHandler((r) => port.postMessage(r));
port.on('message', (m: PoolRequest) => handle(m));
