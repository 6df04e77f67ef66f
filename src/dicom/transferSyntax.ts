/**
 * Transfer syntaxes the workstation meets: their names (for messages) and whether the pure-TS
 * pixel reader (`pixels.ts`) or the browser's cornerstone decoders can handle them.
 */

/** DICOM PS3.6 Annex A names of the transfer syntaxes seen in practice. */
const NAMES: Record<string, string> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian (retired)',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless, Non-Hierarchical (Process 14)',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 SV1)',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Lossy (Near-Lossless)',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 (Lossless Only)',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 (Lossless Only)',
  '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 with RPCL Options (Lossless Only)',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

/** Transfer syntaxes whose Pixel Data is stored uncompressed ("native"). */
export const NATIVE_TRANSFER_SYNTAXES: ReadonlySet<string> = new Set([
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.2',
]);

export const DEFLATED_TRANSFER_SYNTAX = '1.2.840.10008.1.2.1.99';
export const BIG_ENDIAN_TRANSFER_SYNTAX = '1.2.840.10008.1.2.2';
export const IMPLICIT_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** "JPEG 2000 (Lossless Only) (1.2.840.10008.1.2.4.90)", or the bare UID when unknown. */
export function describeTransferSyntax(uid: string): string {
  const name = NAMES[uid];
  return name ? `${name} (${uid})` : `unknown transfer syntax ${uid}`;
}

/** True when the browser can decode this syntax: every one listed (Deflated is inflated before cornerstone sees it, src/viewer/part10Fixes.ts). */
export function isViewerDecodable(uid: string): boolean {
  return uid in NAMES;
}
