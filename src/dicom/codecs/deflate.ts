/**
 * Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99, PS3.5 A.5): everything after the
 * file meta group is one raw DEFLATE stream (RFC 1951, no zlib header) of an Explicit VR Little
 * Endian data set, padded with a 00 byte to an even length. Inflating it gives an ordinary
 * Explicit VR Little Endian data set whose Pixel Data is native.
 *
 * Inflation is fflate's (a dependency already, synchronous, so it runs inside dicom-parser's
 * `inflater` hook; it also stops at the stream's last block, so the pad byte is no error). Used by
 * the header reader (indexing), the pixel reader (radiomics) and the viewer's loader wrapper
 * (src/viewer/part10Fixes.ts), which hands cornerstone the inflated file.
 */
import { inflateSync } from 'fflate';
import { DEFLATED_TRANSFER_SYNTAX } from '../transferSyntax.ts';

export { DEFLATED_TRANSFER_SYNTAX };

/** The deflate stream could not be inflated; `message` says how, in plain words. */
export class InflateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InflateError';
  }
}

/**
 * Inflate the raw DEFLATE stream `deflated` (the data set of a deflated file) completely.
 * A stream cut short or with corrupt blocks throws an `InflateError` naming the problem.
 */
export function inflateDataSet(deflated: Uint8Array): Uint8Array {
  if (deflated.length === 0) throw new InflateError('the deflated data set is empty (the file ends after its meta information)');
  try {
    return inflateSync(deflated);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (/unexpected EOF/i.test(reason)) {
      throw new InflateError(`the deflated data set ends before its last deflate block (${deflated.length} compressed bytes; the file is truncated)`);
    }
    throw new InflateError(`the deflated data set is corrupt: ${reason}`);
  }
}

/** Where the data set of a Part 10 buffer starts and its transfer syntax (from the meta group). */
export interface Part10Meta {
  /** Byte offset of the first element after the (0002,xxxx) group. */
  dataSetStart: number;
  transferSyntaxUID: string;
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/**
 * Walk the file meta group (Explicit VR Little Endian, after a 128-byte preamble + "DICM", or
 * from byte 0 when there is no preamble). Undefined when `bytes` has no meta group.
 */
export function readPart10Meta(bytes: Uint8Array): Part10Meta | undefined {
  const dicm = bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
  let p = dicm ? 132 : 0;
  let ts: string | undefined;
  while (p + 8 <= bytes.length) {
    const group = bytes[p] | (bytes[p + 1] << 8);
    if (group !== 0x0002) break;
    const element = bytes[p + 2] | (bytes[p + 3] << 8);
    const vr = String.fromCharCode(bytes[p + 4], bytes[p + 5]);
    let length: number;
    let value: number;
    if (LONG_VRS.has(vr)) {
      if (p + 12 > bytes.length) return undefined;
      length = (bytes[p + 8] | (bytes[p + 9] << 8) | (bytes[p + 10] << 16) | (bytes[p + 11] << 24)) >>> 0;
      value = p + 12;
    } else {
      length = bytes[p + 6] | (bytes[p + 7] << 8);
      value = p + 8;
    }
    if (value + length > bytes.length) return undefined;
    if (element === 0x0010 && length <= 64) ts = String.fromCharCode(...bytes.subarray(value, value + length)).replace(/[\0 ]+$/, '');
    p = value + length;
  }
  if (ts === undefined) return undefined;
  return { dataSetStart: p, transferSyntaxUID: ts };
}

/**
 * A deflated Part 10 file with its data set inflated: the same preamble and meta group (the
 * transfer syntax still says Deflated), then the inflated Explicit VR Little Endian data set.
 * Undefined when the file is not deflated; throws an `InflateError` when the stream is broken.
 */
export function inflatePart10(bytes: Uint8Array): Uint8Array | undefined {
  const meta = readPart10Meta(bytes);
  if (!meta || meta.transferSyntaxUID !== DEFLATED_TRANSFER_SYNTAX) return undefined;
  const body = inflateDataSet(bytes.subarray(meta.dataSetStart));
  const out = new Uint8Array(meta.dataSetStart + body.length);
  out.set(bytes.subarray(0, meta.dataSetStart), 0);
  out.set(body, meta.dataSetStart);
  return out;
}
