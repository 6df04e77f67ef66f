/**
 * The DICOM index: the ONE code path that turns a set of files into Patient → Study → Series →
 * frames, used by the viewer (through workers/dicomIndex.worker.ts) and by the `index` CLI.
 *
 * Only headers are read (see headerReader.ts). Every file either joins a series or gets an
 * entry in `errors` with a named reason; one bad file never stops the others.
 */
import type { IndexError, SeriesIndexEntry, SourceFile, StudyIndex } from './types.ts';
import { DicomFileError, readHeader } from './headerReader.ts';
import { instanceInfoFromDataSet, type InstanceInfo } from './instanceInfo.ts';
import { MEDIA_STORAGE_DIRECTORY_SOP_CLASS, dicomdirReferencedFiles, folderOf } from './dicomdir.ts';
import { NATIVE_TRANSFER_SYNTAXES, describeTransferSyntax, isViewerDecodable } from './transferSyntax.ts';
import { checkEncapsulatedPixelData } from './encapsulatedCheck.ts';
import { buildSeriesEntry } from './seriesEntry.ts';
import { mergeDceSeries } from './dceSeriesMerge.ts';

export interface IndexOptions {
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
  /** Files read at the same time (I/O overlap); default 8. */
  concurrency?: number;
  /** Bytes read first from each file (the read grows when a header is longer); default 32 KiB. */
  headBytes?: number;
}

/** Names of non-image SOP classes met in practice, for "no pixel data" messages. */
const NON_IMAGE_SOP: Record<string, string> = {
  '1.2.840.10008.5.1.4.1.1.88.11': 'Basic Text SR',
  '1.2.840.10008.5.1.4.1.1.88.22': 'Enhanced SR',
  '1.2.840.10008.5.1.4.1.1.88.33': 'Comprehensive SR',
  '1.2.840.10008.5.1.4.1.1.104.1': 'Encapsulated PDF',
  '1.2.840.10008.5.1.4.1.1.481.3': 'RT Structure Set',
  '1.2.840.10008.5.1.4.1.1.11.1': 'Grayscale Softcopy Presentation State',
  '1.2.840.10008.5.1.4.1.1.66': 'Raw Data',
  '1.2.840.10008.5.1.4.1.1.66.5': 'Surface Segmentation',
};

type FileOutcome =
  | { kind: 'instance'; info: InstanceInfo; bytes: number }
  | { kind: 'dicomdir'; path: string; referenced: string[]; bytes: number }
  | { kind: 'error'; error: IndexError; bytes: number };

/** Expected bytes of native pixel data for all frames. */
function nativePixelBytes(i: InstanceInfo): number {
  const perPixel = i.photometric === 'YBR_FULL_422' || i.photometric === 'YBR_PARTIAL_422' ? 2 : i.samplesPerPixel;
  const bits = i.rows * i.columns * perPixel * i.bitsAllocated * i.numberOfFrames;
  return Math.ceil(bits / 8);
}

async function indexOne(file: SourceFile, headBytes: number | undefined): Promise<FileOutcome> {
  let bytes = 0;
  try {
    const inMemory = await file.headInMemory?.();
    const h = await readHeader(file, inMemory || headBytes);
    bytes = h.bytesRead;
    const ds = h.dataSet;
    const sop = ds.string('x00020002')?.trim() || ds.string('x00080016')?.trim() || '';
    if (sop === MEDIA_STORAGE_DIRECTORY_SOP_CLASS || ds.elements.x00041220) {
      return { kind: 'dicomdir', path: file.path, referenced: dicomdirReferencedFiles(ds), bytes };
    }
    let info: InstanceInfo;
    try {
      info = instanceInfoFromDataSet(ds, file.path, file.size, h.transferSyntaxUID, h.pixelData);
    } catch (e) {
      // element lengths that point outside the data (corrupt header) surface when values are read
      throw new DicomFileError(`cannot parse DICOM header: ${e instanceof Error ? e.message : String(e)}`);
    }
    const fail = (reason: string): FileOutcome => ({ kind: 'error', error: { file: file.path, reason }, bytes });
    if (!h.pixelData) {
      const what = NON_IMAGE_SOP[info.sopClassUID] ?? (info.sopClassUID ? `SOP class ${info.sopClassUID}` : 'this object');
      return fail(`no pixel data: ${what}${info.modality ? ` (modality ${info.modality})` : ''} is not an image`);
    }
    if (!h.transferSyntaxUID) return fail('no transfer syntax: the file meta information lacks (0002,0010) TransferSyntaxUID');
    if (!isViewerDecodable(h.transferSyntaxUID)) return fail(`unsupported transfer syntax: ${describeTransferSyntax(h.transferSyntaxUID)}`);
    if (info.rows === 0 || info.columns === 0) return fail('no image size: Rows (0028,0010) or Columns (0028,0011) is missing');
    if (!h.pixelData.encapsulated) {
      const declared = h.pixelData.length ?? 0;
      // deflated files: the offset is in the file with its data set inflated
      const size = h.inflatedSize ?? file.size;
      if (h.pixelData.offset + declared > size) {
        return fail(`truncated: Pixel Data declares ${declared} bytes but the ${h.inflatedSize === undefined ? 'file' : 'inflated data set'} ends ${size - h.pixelData.offset} bytes after its start`);
      }
      const need = nativePixelBytes(info);
      if ((NATIVE_TRANSFER_SYNTAXES.has(h.transferSyntaxUID) || h.inflatedSize !== undefined) && declared < need) {
        return fail(`truncated: Pixel Data holds ${declared} bytes but ${info.numberOfFrames} frame(s) of ${info.columns}×${info.rows} need ${need}`);
      }
    } else {
      const problem = await checkEncapsulatedPixelData(file, h.pixelData.offset, h.bytesRead >= file.size ? (ds.byteArray as Uint8Array).subarray(h.shift) : undefined);
      if (problem) return fail(problem);
    }
    return { kind: 'instance', info, bytes };
  } catch (e) {
    const reason = e instanceof DicomFileError ? e.reason : `cannot read file: ${e instanceof Error ? e.message : String(e)}`;
    return { kind: 'error', error: { file: file.path, reason }, bytes };
  }
}

function abortError(): Error {
  return typeof DOMException !== 'undefined' ? new DOMException('indexing was cancelled', 'AbortError') : Object.assign(new Error('indexing was cancelled'), { name: 'AbortError' });
}

/** Index `files`: series with their volumes, phases and b-values, plus one error per unusable file. */
export async function indexFiles(files: SourceFile[], opts: IndexOptions = {}): Promise<StudyIndex> {
  const t0 = performance.now();
  const { onProgress, signal } = opts;
  if (signal?.aborted) throw abortError();
  const outcomes: FileOutcome[] = new Array(files.length);
  let next = 0;
  let done = 0;
  onProgress?.(0, files.length);
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      if (signal?.aborted) throw abortError();
      const i = next++;
      outcomes[i] = await indexOne(files[i], opts.headBytes);
      done++;
      onProgress?.(done, files.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 8, files.length)) }, worker));
  if (signal?.aborted) throw abortError();
  const headersMs = Math.round(performance.now() - t0);

  const errors: IndexError[] = [];
  const dicomdirs: NonNullable<StudyIndex['dicomdirs']> = [];
  const given = new Set(files.map((f) => f.path.toLowerCase()));
  let bytesRead = 0;
  const bySop = new Map<string, string>();
  const buckets = new Map<string, InstanceInfo[]>();
  for (const o of outcomes) {
    bytesRead += o.bytes;
    if (o.kind === 'error') errors.push(o.error);
    else if (o.kind === 'dicomdir') {
      const dir = folderOf(o.path);
      const missing = o.referenced.filter((r) => !given.has((dir ? `${dir}/${r}` : r).toLowerCase())).length;
      if (o.referenced.length > 0 && missing === o.referenced.length) {
        errors.push({ file: o.path, reason: `DICOMDIR only: none of the ${o.referenced.length} files it references were given (open the whole folder)` });
      } else dicomdirs.push({ path: o.path, referenced: o.referenced.length, missing });
    } else {
      const info = o.info;
      // Files without a SeriesInstanceUID are each listed on their own, keyed by path.
      const series = info.seriesInstanceUID || `(no SeriesInstanceUID) ${info.path}`;
      const key = [series, info.modality, info.rows, info.columns, info.transferSyntaxUID, info.photometric, info.samplesPerPixel].join('|');
      const sopKey = `${info.sopInstanceUID}|${key}`;
      const dup = info.sopInstanceUID ? bySop.get(sopKey) : undefined;
      if (dup !== undefined) {
        errors.push({ file: info.path, reason: `duplicate: same SOP Instance UID and encoding as ${dup} (skipped)` });
        continue;
      }
      if (info.sopInstanceUID) bySop.set(sopKey, info.path);
      let list = buckets.get(key);
      if (!list) buckets.set(key, (list = []));
      list.push(info);
    }
  }

  const entries: SeriesIndexEntry[] = [];
  const instancesById = new Map<string, InstanceInfo[]>();
  const uidCount = new Map<string, number>();
  for (const list of buckets.values()) {
    const uid = list[0].seriesInstanceUID || `(no SeriesInstanceUID) ${list[0].path}`;
    const n = (uidCount.get(uid) ?? 0) + 1;
    uidCount.set(uid, n);
    const id = n === 1 ? uid : `${uid}#${n}`;
    const entry = buildSeriesEntry(list, id);
    if (!list[0].seriesInstanceUID) entry.warnings.push('no SeriesInstanceUID (0020,000E): this file is listed on its own');
    if (n > 1) entry.warnings.push(`SeriesInstanceUID shared with files of another modality, size, transfer syntax or photometric interpretation; listed as a separate entry`);
    entries.push(entry);
    instancesById.set(id, list);
  }
  const merged = mergeDceSeries(entries, (id) => instancesById.get(id) ?? []);
  merged.sort(
    (a, b) =>
      a.patientId.localeCompare(b.patientId) ||
      a.studyInstanceUID.localeCompare(b.studyInstanceUID) ||
      (a.seriesNumber ?? 0) - (b.seriesNumber ?? 0) ||
      (a.id ?? '').localeCompare(b.id ?? ''),
  );
  errors.sort((a, b) => a.file.localeCompare(b.file));
  return {
    series: merged,
    errors,
    stats: { files: files.length, bytesRead, ms: Math.round(performance.now() - t0), headersMs },
    ...(dicomdirs.length > 0 ? { dicomdirs } : {}),
  };
}
