/** What a codec is told about a frame and what it gives back. */

/** The image pixel module values that a decoder needs. */
export interface FrameLayout {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  photometric: string;
}

/** One decoded frame in native layout (little endian), ready for pixels.ts `decodeFrame`. */
export interface DecodedFrame {
  bytes: Uint8Array;
  /** Size the codestream declares (checked against Rows / Columns by the caller). */
  columns: number;
  rows: number;
  /** 8 or 16: bytes per sample × 8 of `bytes`. */
  bitsAllocated: number;
  samplesPerPixel: number;
  /** true: colour planes one after another (R…R G…G B…B); false: interleaved. */
  planar: boolean;
  /** Photometric interpretation of the decoded samples (e.g. YBR_FULL_422 → RGB after JPEG). */
  photometric: string;
}

export type FrameDecoder = (data: Uint8Array, layout: FrameLayout) => Promise<DecodedFrame>;
