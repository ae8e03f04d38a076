// The IDX format of the original MNIST files: a big-endian magic number whose last byte is the
// number of dimensions (third byte 0x08 = unsigned bytes), one big-endian uint32 per dimension,
// then the data in row-major order.
import { readFileSync } from 'node:fs';
import { SparsekitError } from '@sparsekit/tensor';

/** An IDX file of unsigned bytes: its shape and a view on its data (no copy). */
export interface IdxBytes {
  readonly shape: readonly number[];
  readonly data: Uint8Array;
}

export function readIdxBytes(path: string): IdxBytes {
  const file = readFileSync(path);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = file.byteLength >= 4 ? view.getUint32(0) : 0;
  const rank = magic & 0xff;
  if (magic >>> 8 !== 0x08 || rank < 1 || file.byteLength < 4 + 4 * rank) {
    throw new SparsekitError({
      argument: 'path',
      value: path,
      expected: `an IDX file of unsigned bytes (its magic is 0x${magic.toString(16)})`,
    });
  }
  const shape = Array.from({ length: rank }, (_, d) => view.getUint32(4 + 4 * d));
  const size = shape.reduce((a, b) => a * b, 1);
  const offset = 4 + 4 * rank;
  if (file.byteLength !== offset + size) {
    throw new SparsekitError({
      argument: 'path',
      value: path,
      expected: `an IDX file whose header (${size} bytes of data) matches its length (${file.byteLength - offset} bytes)`,
    });
  }
  return { shape, data: new Uint8Array(file.buffer, file.byteOffset + offset, size) };
}
