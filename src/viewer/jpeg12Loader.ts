/**
 * The `dicomfile` image loader with the 12-bit JPEG Extended level-shift fix (jpeg12Fix.ts): the
 * loader's own `dicomfile` loader (wadouri.loadImageFromNaturalizedMetadata, what its init
 * registers) is re-registered wrapped, so every consumer (stack, volumes, thumbnails) gets the
 * corrected image before it is cached. Images of any other syntax pass through untouched. A
 * stack image whose corrected values go below 0 in the loader's unsigned array gets an Int16 (or
 * Float32) array instead; a volume's buffer is Int16 or Float32 whenever the rescale is negative.
 *
 * It also puts `naturalizeFixed` (part10Fixes.ts) in front of the metadata package's Part 10
 * naturaliser: deflated files are inflated first, and encapsulated frames split over several
 * fragments without a Basic Offset Table are assembled from their fragments, before the
 * naturalised file is cached for every consumer.
 */
import { imageLoader, metaData, utilities, type Types } from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { Enums as MetadataEnums, metaData as metadataRegistry } from '@cornerstonejs/metadata';
import { decoderLevelShiftError, JPEG_EXTENDED, removeLevelShiftError, sofPrecision, type LoaderTransform } from './jpeg12Fix.ts';
import { naturalizeFixed, NATURALIZE_FIX_PRIORITY } from './part10Fixes.ts';

interface LoaderImage {
  color?: boolean;
  minPixelValue: number;
  maxPixelValue: number;
  windowCenter?: number | number[];
  windowWidth?: number | number[];
  getPixelData(): Types.PixelDataTypedArray;
  preScale?: { scaled?: boolean; scalingParameters?: { rescaleSlope?: number; rescaleIntercept?: number; modality?: string; suvbw?: number; doseGridScaling?: number } };
  imageFrame?: { bitsAllocated?: number; bitsStored?: number; pixelRepresentation?: number; smallestPixelValue?: number; largestPixelValue?: number };
}

/** Replace the `dicomfile` loader by the corrected one and put the Part 10 fixes in front of the naturaliser (call after the DICOM image loader's init). */
export function registerJpeg12Fix(): void {
  metadataRegistry.addAddProvider(MetadataEnums.MetadataModules.NATURALIZED, naturalizeFixed, { priority: NATURALIZE_FIX_PRIORITY });
  const load = wadouri.loadImageFromNaturalizedMetadata;
  imageLoader.registerImageLoader('dicomfile', (imageId, options) => {
    const obj = load(imageId, options);
    const inTarget = !!(options as { targetBuffer?: { type?: string } } | undefined)?.targetBuffer?.type;
    return { ...obj, promise: obj.promise.then((image) => fixJpeg12(imageId, image, inTarget)) };
  });
}

/** The first bytes of a frame's codestream, as the loader's metadata holds it. */
function frameStart(imageId: string): Uint8Array | undefined {
  const frameIndex = wadouri.parseImageId(imageId).pixelDataFrame ?? 0;
  const data = metaData.getTyped('compressedFrameData', imageId, { frameIndex }) as { pixelData?: unknown } | undefined;
  let first = data?.pixelData;
  if (Array.isArray(first)) first = first[0];
  if (first instanceof ArrayBuffer) return new Uint8Array(first);
  if (ArrayBuffer.isView(first)) return new Uint8Array(first.buffer, first.byteOffset, first.byteLength);
  return undefined;
}

/** The modality transform the loader applied (its scaleArray), as one slope and intercept. */
function appliedRescale(image: LoaderImage): LoaderTransform['rescale'] {
  const p = image.preScale;
  if (!p?.scaled || !p.scalingParameters) return undefined;
  const { rescaleSlope = 1, rescaleIntercept = 0, modality, suvbw, doseGridScaling } = p.scalingParameters;
  if (modality === 'PT' && typeof suvbw === 'number' && !Number.isNaN(suvbw)) return { slope: suvbw * rescaleSlope, intercept: suvbw * rescaleIntercept };
  if (modality === 'RTDOSE' && typeof doseGridScaling === 'number' && !Number.isNaN(doseGridScaling)) return { slope: doseGridScaling, intercept: 0 };
  return { slope: rescaleSlope, intercept: rescaleIntercept };
}

/**
 * Give the image `values` as its pixel array in place of an unsigned one (the stack path: the
 * array is the image's own, not a view into a volume), so that values below 0 are kept.
 */
function replacePixelArray(img: Types.IImage, values: Int16Array | Float32Array): void {
  const im = img as unknown as { imageFrame?: { pixelData?: unknown }; dataType?: string; sizeInBytes: number; getPixelData: () => unknown; voxelManager?: unknown };
  if (im.imageFrame) im.imageFrame.pixelData = values;
  im.getPixelData = () => values;
  im.dataType = values.constructor.name;
  im.sizeInBytes = values.byteLength;
  im.voxelManager = utilities.VoxelManager.createImageVoxelManager({ scalarData: values, width: img.columns, height: img.rows, numberOfComponents: 1 });
}

function fixJpeg12(imageId: string, img: Types.IImage, inTarget = false): Types.IImage {
  const image = img as unknown as LoaderImage;
  const frame = image.imageFrame;
  // the loader's 16-bit path (getData16) for grey JPEG Extended only
  if (image.color || frame?.bitsAllocated !== 16) return img;
  const syntax = (metaData.get('transferSyntax', imageId) as { transferSyntaxUID?: string } | undefined)?.transferSyntaxUID;
  if (syntax !== JPEG_EXTENDED) return img;
  const start = frameStart(imageId);
  const precision = start && sofPrecision(start);
  if (!precision) return img;
  const error = decoderLevelShiftError(precision);
  if (error <= 0) return img;
  // corrected in a float copy: lowering a value can take it below 0 (a rescaled CT at -1 HU),
  // which the loader's unsigned array (chosen from the uncorrected range) cannot hold
  const pixels = image.getPixelData();
  const work = Float64Array.from(pixels);
  const { min, max } = removeLevelShiftError(work, error, {
    signed: frame.pixelRepresentation === 1,
    bitsStored: frame.bitsStored ?? precision,
    rescale: appliedRescale(image),
  });
  const unsigned = pixels instanceof Uint8Array || pixels instanceof Uint8ClampedArray || pixels instanceof Uint16Array || pixels instanceof Uint32Array;
  if (unsigned && min < 0 && !inTarget) {
    const int16 = min >= -32768 && max <= 32767 && work.every((v) => Number.isInteger(v));
    const values = int16 ? new Int16Array(work.length) : new Float32Array(work.length);
    values.set(work);
    replacePixelArray(img, values);
  } else {
    pixels.set(work);
  }
  image.minPixelValue = frame.smallestPixelValue = min;
  image.maxPixelValue = frame.largestPixelValue = max;
  // a window the loader derived from the (wrong) range follows it; a window from the header stays
  const voi = metaData.get('voiLutModule', imageId) as { windowCenter?: number[]; windowWidth?: number[] } | undefined;
  if (voi?.windowCenter?.[0] === undefined || voi.windowWidth?.[0] === undefined) {
    const wl = utilities.windowLevel.toWindowLevel(min, max);
    image.windowCenter = wl.windowCenter;
    image.windowWidth = wl.windowWidth;
  }
  return img;
}
