/**
 * Maps an ROI mask onto another series' grid off the page's thread (`mapForDisplay`, i.e. the
 * project's `mapMask`): for a 256×256×160 source it takes ~2 s on one core, which would freeze the
 * viewer. Message in: a MapRequest; out: a MapReply (the mapped voxels' buffer is transferred).
 */
import { handleMapRequest, type MapRequest } from './roiMapClient.ts';

self.onmessage = (e: MessageEvent<MapRequest>) => {
  const reply = handleMapRequest(e.data);
  (self as unknown as { postMessage(m: unknown, t: Transferable[]): void }).postMessage(reply, 'data' in reply ? [reply.data.buffer] : []);
};
