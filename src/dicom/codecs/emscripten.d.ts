/**
 * Types for the Emscripten glue of the cornerstone codecs (the packages ship none). Only the
 * members the pixel reader calls are declared.
 */
interface CodecFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

interface CodecDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): CodecFrameInfo;
  decode(): void;
  delete(): void;
}

interface EmscriptenCodecModule {
  getExceptionMessage?(e: number): string | [string, string];
  JpegLSDecoder: new () => CodecDecoder & { getInterleaveMode(): number; getNearLossless(): number };
  J2KDecoder: new () => CodecDecoder;
  HTJ2KDecoder: new () => CodecDecoder & { decodeSubResolution(level: number): void };
  JPEGDecoder: new () => CodecDecoder;
}

type EmscriptenFactory = (options?: {
  locateFile?(file: string, dir: string): string;
  print?(text: string): void;
  printErr?(text: string): void;
}) => Promise<EmscriptenCodecModule>;

declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: EmscriptenFactory;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: EmscriptenFactory;
  export default factory;
}
declare module '@cornerstonejs/codec-openjph/wasmjs' {
  const factory: EmscriptenFactory;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: EmscriptenFactory;
  export default factory;
}
