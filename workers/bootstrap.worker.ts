/**
 * Browser sub-worker of the whole-pipeline bootstrap: spawned by the modelling worker (see
 * src/modelling/bootstrapPool.ts), receives the study once (`init`) and refits chunks of
 * resamples (`chunk`). All logic lives in src/modelling.
 */
import { bootstrapWorkerHandler, type PoolReply, type PoolRequest } from '../src/modelling/bootstrapPool.ts';

const scope = self as unknown as { postMessage(m: PoolReply): void; onmessage: ((e: MessageEvent<PoolRequest>) => void) | null };
const handle = bootstrapWorkerHandler((r) => scope.postMessage(r));
scope.onmessage = (e: MessageEvent<PoolRequest>) => handle(e.data);
