/**
 * Starting an Emscripten codec module in Node and in the browser, and running one of its decoders.
 *
 * Node (CLI, Vitest): the glue is CommonJS and finds its `.wasm` next to itself (`__dirname`), so
 * no options are given. Browser (the radiomics worker bundled by Vite): the caller passes
 * `new URL('@cornerstonejs/codec-…/decodewasm', import.meta.url)`, which Vite resolves at build
 * time and emits as a hashed asset (shared stack notes §2), and `locateFile` hands that URL over.
 */
import type { DecodedFrame, FrameLayout } from './types.ts';

export const IN_NODE = typeof process === 'object' && typeof process.versions?.node === 'string';

/** Lines the codecs print (OpenJPEG logs "[INFO] …" per frame): kept, not shown; the last few go into error messages. */
const printed: string[] = [];
function keep(line: string): void {
  printed.push(line);
  if (printed.length > 8) printed.shift();
}

export function startModule(factory: EmscriptenFactory, wasmUrl: URL): Promise<EmscriptenCodecModule> {
  return factory({
    print: keep,
    printErr: keep,
    ...(IN_NODE ? {} : { locateFile: (f: string) => (f.endsWith('.wasm') ? wasmUrl.href : f) }),
  });
}

/** The text of what an Emscripten codec threw (a C++ exception arrives as a number). */
export function codecMessage(e: unknown, mod?: EmscriptenCodecModule): string {
  if (typeof e === 'number' && mod?.getExceptionMessage) {
    try {
      const m = mod.getExceptionMessage(e);
      return Array.isArray(m) ? m.filter(Boolean).join(': ') : String(m);
    } catch {
      return `codec exception ${e}`;
    }
  }
  if (e instanceof Error) return e.message;
  return String(e);
}

/**
 * Copy `data` into a fresh decoder of module `m`, decode, and copy the samples out of WASM memory.
 * The decoder is deleted afterwards (a decoder that threw is never reused).
 */
export function runDecoder<D extends CodecDecoder>(
  m: EmscriptenCodecModule,
  make: (m: EmscriptenCodecModule) => D,
  data: Uint8Array,
  layout: FrameLayout,
  run: (d: D) => void,
  shape: (d: D, fi: CodecFrameInfo) => { planar: boolean; photometric: string },
): DecodedFrame {
  const d = make(m);
  printed.length = 0;
  try {
    d.getEncodedBuffer(data.length).set(data);
    run(d);
    const fi = d.getFrameInfo();
    const { planar, photometric } = shape(d, fi);
    return {
      bytes: d.getDecodedBuffer().slice(),
      columns: fi.width,
      rows: fi.height,
      bitsAllocated: fi.bitsPerSample > 8 ? 16 : 8,
      samplesPerPixel: fi.componentCount,
      planar,
      photometric: fi.componentCount === 1 ? layout.photometric : photometric,
    };
  } catch (e) {
    const said = printed.filter((l) => !l.startsWith('[INFO]')).join('; ');
    throw new Error(codecMessage(e, m) + (said ? ` (${said})` : ''));
  } finally {
    d.delete();
  }
}

/** JPEG 2000 / HTJ2K: YBR_RCT / YBR_ICT mean the codestream carries the multiple-component transform, which the decoder undoes. */
export function j2kPhotometric(p: string): string {
  return p === 'YBR_RCT' || p === 'YBR_ICT' ? 'RGB' : p;
}
