/** Assemble the kernels' WebAssembly text with wabt (a dev dependency: build script and tests only). */
import wabtInit from 'wabt';

export async function assembleKernels(wat: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const mod = wabt.parseWat('kernels.wat', wat, { simd: true });
  try {
    mod.validate();
    return Uint8Array.from(mod.toBinary({}).buffer);
  } finally {
    mod.destroy();
  }
}
