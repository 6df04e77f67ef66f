/**
 * Two gaps of cornerstone's file path (@cornerstonejs/metadata 5.14.0 naturalises a Part 10 file
 * with dcmjs's AsyncDicomReader; the `dicomfile` loader then takes frame k as PixelData[k]),
 * closed before the naturalised file is cached (`naturalizeFixed`, which jpeg12Loader.ts registers
 * in front of the naturaliser), so every consumer (stack, volumes, thumbnails) gets the fixed file:
 *
 * - Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99): the async reader does not
 *   inflate the data set (the loader's legacy dicom-parser path would, but is not the one
 *   registered), so it reads compressed bytes as elements and finds no image. The file is handed
 *   over with its data set inflated (codecs/deflate.ts); its transfer syntax still says Deflated,
 *   which the loader decodes as little endian native pixels — what the inflated bytes are.
 * - Encapsulated multi-frame Pixel Data without a Basic Offset Table, a frame split over several
 *   fragments: the reader makes every fragment a "frame", so frame 2 is the second fragment of
 *   frame 1 ("marker was not found"). The fragments are grouped into frames again, a frame
 *   starting at each fragment that opens a codestream — the rule the pixel reader uses
 *   (codecs/index.ts `groupFragmentsByCodestream`, PS3.5 A.4).
 *
 * No cornerstone import: unit-tested in Node with @cornerstonejs/metadata's own providers
 * (part10Fixes.test.ts).
 */
import { inflatePart10 } from '../dicom/codecs/deflate.ts';
import { groupFragmentsByCodestream } from '../dicom/codecs/index.ts';

/** Transfer syntaxes whose Pixel Data is not encapsulated (never regrouped). */
const NOT_ENCAPSULATED = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99']);

type Fragment = ArrayBuffer | ArrayBufferView;

/** The part of a naturalised instance this module looks at. */
export interface NaturalPixels {
  TransferSyntaxUID?: string;
  NumberOfFrames?: number | string;
  PixelData?: unknown;
}

function bytesOf(f: Fragment): Uint8Array {
  return f instanceof ArrayBuffer ? new Uint8Array(f) : new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
}

function isFragment(f: unknown): f is Fragment {
  return f instanceof ArrayBuffer || ArrayBuffer.isView(f);
}

/**
 * Group the fragments of an encapsulated multi-frame `natural.PixelData` into one entry per frame
 * when the reader gave one per fragment (no Basic Offset Table). In place; returns true when it
 * regrouped. Left as it is when already one entry per frame, when not encapsulated, or when the
 * fragments do not open exactly NumberOfFrames codestreams (the loader then reports its error).
 */
export function regroupFragments(natural: NaturalPixels | undefined): boolean {
  if (!natural || !natural.TransferSyntaxUID || NOT_ENCAPSULATED.has(natural.TransferSyntaxUID)) return false;
  const frames = Math.floor(Number(natural.NumberOfFrames ?? 1));
  const pd = natural.PixelData;
  if (!Number.isFinite(frames) || frames <= 1 || !Array.isArray(pd) || pd.length === frames) return false;
  const fragments: Fragment[] = [];
  for (const entry of pd) {
    if (Array.isArray(entry)) {
      for (const f of entry) if (isFragment(f)) fragments.push(f);
      else return false;
    } else if (isFragment(entry)) fragments.push(entry);
    else return false;
  }
  let groups: number[][];
  try {
    groups = groupFragmentsByCodestream(fragments.map((f) => bytesOf(f).subarray(0, 8)), frames);
  } catch {
    return false;
  }
  natural.PixelData = groups.map((ks) => ks.map((k) => fragments[k]));
  return true;
}

/** The Part 10 bytes cornerstone should parse: a deflated file with its data set inflated, any other unchanged. Throws (naming the problem) when the deflate stream is broken. */
export function inflatedForViewer(part10: ArrayBuffer | Uint8Array): ArrayBuffer | Uint8Array {
  const bytes = part10 instanceof ArrayBuffer ? new Uint8Array(part10) : part10;
  const inflated = inflatePart10(bytes);
  return inflated ?? part10;
}

/**
 * Between the metadata package's writable NATURALIZED cache (priority 50 000) and its Part 10
 * naturaliser (30 000): the Part 10 bytes go in inflated when deflated, the naturalised file
 * comes out with one PixelData entry per frame.
 */
export const NATURALIZE_FIX_PRIORITY = 40_000;

type Next = (query: string, data?: unknown, options?: unknown) => unknown;

/** The NATURALIZED add-provider (metaData.addAddProvider) that applies both fixes. */
export function naturalizeFixed(next: Next, query: string, data?: unknown, options?: unknown): unknown {
  const o = options as { part10Buffer?: unknown; part10?: unknown } | undefined;
  const part10 = o?.part10Buffer ?? o?.part10;
  let opts = options;
  if (part10 !== undefined) {
    const fixed = async (): Promise<ArrayBuffer | Uint8Array> => {
      const v = typeof part10 === 'function' ? await (part10 as () => unknown)() : part10;
      return v instanceof ArrayBuffer || v instanceof Uint8Array ? inflatedForViewer(v) : (v as ArrayBuffer);
    };
    opts = { ...o, part10Buffer: fixed, part10: undefined };
  }
  const out = next(query, data, opts);
  const fix = (natural: unknown): unknown => {
    regroupFragments(natural as NaturalPixels | undefined);
    return natural;
  };
  return out instanceof Promise ? out.then(fix) : fix(out);
}
