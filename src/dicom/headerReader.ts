/**
 * * Reads the header of one DICOM file with dicom-parser, stopping before Pixel Data (7FE0,0010):
 * the first chunk of the file is read, and the read is extended only when the header is longer.
 * Accepts Part 10 files, files whose meta group has no 128-byte preamble, and bare Implicit /
 * Explicit VR Little Endian data sets without any meta group. Deflated Explicit VR Little Endian
 * files are read whole and their data set inflated (codecs/deflate.ts); offsets then refer to the
 * file with its data set inflated (`inflatedSize`). Every failure is a `DicomFileError` whose
 * `reason` says in plain words what is wrong.
 */
import * as dicomParserNs from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import type { SourceFile } from './types.ts';
import { EXPLICIT_LITTLE_ENDIAN, IMPLICIT_LITTLE_ENDIAN } from './transferSyntax.ts';
import { inflateDataSet, InflateError } from './codecs/deflate.ts';

/** A file that cannot be indexed, with the reason shown to the user. */
export class DicomFileError extends Error {
  constructor(public readonly reason: string) {
    super(reason);
    this.name = 'DicomFileError';
  }
}

export interface PixelDataLocation {
  /** Byte offset of the Pixel Data value in the FILE (deflated files: in the file with its data set inflated). */
  offset: number;
  /** Declared length in bytes; undefined for encapsulated (undefined-length) pixel data. */
  length?: number;
  encapsulated: boolean;
}

export interface ParsedHeader {
  dataSet: DataSet;
  transferSyntaxUID: string;
  /** 'part10' (preamble + DICM), 'meta-no-preamble', or 'bare' (no meta group: syntax guessed). */
  layout: 'part10' | 'meta-no-preamble' | 'bare';
  pixelData?: PixelDataLocation;
  /** Bytes of the file read to get the header. */
  bytesRead: number;
  /** Offset of the file's byte 0 inside `dataSet.byteArray` (132 when a preamble was synthesised). */
  shift: number;
  /**
   * Deflated files only: bytes of the file with its data set inflated, which
   * `dataSet.byteArray.subarray(shift)` holds (pixel data offsets point into it).
   */
  inflatedSize?: number;
}

const FIRST_CHUNK = 32 * 1024;
/** Reads never grow beyond this: no real header is longer, and a corrupt 2 GB file must not be read whole. */
export const MAX_HEADER_BYTES = 64 * 1024 * 1024;
const PREFIX_LEN = 132;
const VRS = new Set(['AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FL', 'FD', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV']);

/** Largest deflated file read (whole, to inflate its data set). */
export const MAX_DEFLATED_BYTES = 512 * 1024 * 1024;

/** A deflated data set was met in a partial read: the whole file is needed to inflate it. */
class NeedWholeFile extends Error {}

/** dicom-parser is UMD: Node's ESM loader puts it under `default`, bundlers expose it directly. */
const dicomParser: typeof dicomParserNs = (dicomParserNs as unknown as { default?: typeof dicomParserNs }).default ?? dicomParserNs;

function isDicm(b: Uint8Array): boolean {
  return b.length >= PREFIX_LEN && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;
}

/** How the file starts: a Part 10 prefix, a meta group without preamble, or a bare data set. */
function detectLayout(b: Uint8Array): { layout: ParsedHeader['layout']; bareSyntax?: string } {
  if (isDicm(b)) return { layout: 'part10' };
  if (b.length < 8) throw new DicomFileError('not DICOM: file is shorter than one data element');
  const group = b[0] | (b[1] << 8);
  const vr = String.fromCharCode(b[4], b[5]);
  const explicit = VRS.has(vr);
  if (group === 0x0002 && explicit) return { layout: 'meta-no-preamble' };
  // A bare data set normally starts with group 0008 (or a group length / command group 0000).
  if (group === 0x0008 || group === 0x0000) {
    if (explicit) return { layout: 'bare', bareSyntax: EXPLICIT_LITTLE_ENDIAN };
    const len = (b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24)) >>> 0;
    if (len < 1024) return { layout: 'bare', bareSyntax: IMPLICIT_LITTLE_ENDIAN };
  }
  throw new DicomFileError(
    `not DICOM: no "DICM" marker at byte 128 and the data does not start with a DICOM element (first bytes read as tag (${hex4(group)},${hex4(b[2] | (b[3] << 8))}))`,
  );
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object' && 'exception' in e) return messageOf((e as { exception: unknown }).exception);
  return String(e);
}

function tryParse(buf: Uint8Array, layout: ParsedHeader['layout'], bareSyntax: string | undefined, whole: boolean): { ds: DataSet; inflated: boolean } {
  let bytes = buf;
  if (layout === 'meta-no-preamble') {
    bytes = new Uint8Array(buf.length + PREFIX_LEN);
    bytes.set([0x44, 0x49, 0x43, 0x4d], 128);
    bytes.set(buf, PREFIX_LEN);
  }
  let inflated = false;
  const ds = dicomParser.parseDicom(bytes, {
    untilTag: 'x7fe00010',
    ...(bareSyntax ? { TransferSyntaxUID: bareSyntax } : {}),
    // deflated (PS3.5 A.5): the rest of the file is one deflate stream; inflate it whole
    inflater: (byteArray: Uint8Array, position: number) => {
      if (!whole) throw new NeedWholeFile();
      const body = inflateDataSet(byteArray.subarray(position));
      const full = new Uint8Array(position + body.length);
      full.set(byteArray.subarray(0, position), 0);
      full.set(body, position);
      inflated = true;
      return full;
    },
  });
  return { ds, inflated };
}

/**
 * Parse the header of `file`. `firstChunk` bytes are read first; when the header (or, for
 * non-image objects, the whole data set) is longer, the read grows ×4 until the file ends.
 */
export async function readHeader(file: SourceFile, firstChunk = FIRST_CHUNK): Promise<ParsedHeader> {
  if (file.size === 0) throw new DicomFileError('not DICOM: empty file');
  let want = Math.min(file.size, Math.max(firstChunk, 256));
  for (;;) {
    const buf = await file.read(0, want);
    if (buf.length < want) throw new DicomFileError(`truncated: could read only ${buf.length} of ${want} bytes`);
    const { layout, bareSyntax } = detectLayout(buf);
    const shift = layout === 'meta-no-preamble' ? PREFIX_LEN : 0;
    let ds: DataSet;
    let inflated: boolean;
    try {
      ({ ds, inflated } = tryParse(buf, layout, bareSyntax, want >= file.size));
    } catch (e) {
      if (e instanceof NeedWholeFile) {
        if (file.size > MAX_DEFLATED_BYTES) throw new DicomFileError(`deflated file too large: ${file.size >> 20} MiB (at most ${MAX_DEFLATED_BYTES >> 20} MiB are inflated; convert it with "dcmconv +te")`);
        want = file.size;
        continue;
      }
      if (e instanceof InflateError) throw new DicomFileError(`cannot inflate: ${e.message}`);
      const msg = messageOf(e);
      if (want < file.size && want < MAX_HEADER_BYTES) {
        want = Math.min(file.size, want * 4, MAX_HEADER_BYTES);
        continue;
      }
      if (want < file.size) throw new DicomFileError(`cannot parse DICOM header in the first ${want >> 20} MiB: ${msg}`);
      if (/0002,0010/.test(msg)) throw new DicomFileError('no transfer syntax: the file meta information lacks (0002,0010) TransferSyntaxUID');
      if (/overrun|overread|eof|beyond|outside|offset is outside/i.test(msg)) {
        throw new DicomFileError(`truncated: the header ends before the data elements it declares (${msg.replace(/^dicomParser[.:]?\w*: ?/, '')})`);
      }
      throw new DicomFileError(`cannot parse DICOM header: ${msg}`);
    }
    const pd = ds.elements.x7fe00010;
    if (!pd && want < file.size) {
      if (want >= MAX_HEADER_BYTES) throw new DicomFileError(`no pixel data in the first ${want >> 20} MiB: not an image, or a header longer than that`);
      want = Math.min(file.size, want * 4, MAX_HEADER_BYTES);
      continue;
    }
    const tsElement = ds.elements.x00020010;
    const ts = (tsElement && (tsElement as unknown as { Value?: string }).Value) ?? ds.string('x00020010') ?? bareSyntax ?? '';
    const pixelData: PixelDataLocation | undefined = pd
      ? {
          offset: pd.dataOffset - shift,
          length: pd.hadUndefinedLength || pd.length === 0xffffffff ? undefined : pd.length,
          encapsulated: !!pd.hadUndefinedLength || pd.length === 0xffffffff,
        }
      : undefined;
    const syntax = ts.replace(/\0/g, '').trim();
    return { dataSet: ds, transferSyntaxUID: syntax, layout, pixelData, bytesRead: want, shift, ...(inflated ? { inflatedSize: ds.byteArray.length - shift } : {}) };
  }
}
