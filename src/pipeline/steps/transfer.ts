import type { Executor } from '../executors/types.js';

/**
 * How much of a file one round trip carries: big enough that a 100 MB model takes a dozen round trips, small
 * enough that taobot never holds more than this of it in memory.
 */
export const TRANSFER_CHUNK_BYTES = 8 * 2 ** 20;

/** A copy that went wrong on its own terms (a missing source, a size that does not match). */
export class TransferError extends Error {
  override name = 'TransferError';
}

const split = (path: string): { dir: string; name: string } => {
  const slash = path.lastIndexOf('/');
  return { dir: slash > 0 ? path.slice(0, slash) : '/', name: path.slice(slash + 1) };
};

/**
 * Copies one file from one executor's machine to another's, chunk by chunk: the first chunk is written (which
 * creates the folder and replaces whatever an interrupted earlier copy left), the rest appended, and the size on
 * the far side is compared with the source's at the end. Returns the number of bytes copied.
 *
 * @example
 * const bytes = await copyBetween(gpuServer, jetson, '/runs/run-7/model.onnx', '/opt/models/.staging/run-7/model.onnx');
 */
export async function copyBetween(
  from: Executor,
  to: Executor,
  source: string,
  target: string,
  options: { chunkBytes?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const { signal } = options;
  const chunkBytes = options.chunkBytes ?? TRANSFER_CHUNK_BYTES;
  const first = await from.read(source, 0, chunkBytes, { signal });
  if (!first) throw new TransferError(`${source} does not exist`);
  // The size first seen bounds the copy: the source is a finished export that nothing writes any more.
  const size = first.size;
  await to.write(target, first.data, { signal });
  let offset = first.data.length;
  while (offset < size) {
    const chunk = await from.read(source, offset, Math.min(chunkBytes, size - offset), { signal });
    if (!chunk || chunk.data.length === 0) {
      throw new TransferError(`${source} shrank to ${chunk?.size ?? 0} bytes while it was copied`);
    }
    await to.append(target, chunk.data, { signal });
    offset += chunk.data.length;
  }
  const { dir, name } = split(target);
  const copied = (await to.list(dir, { signal })).find((file) => file.name === name)?.size;
  if (copied !== size) {
    throw new TransferError(`${target} holds ${copied ?? 'no'} bytes after the copy; ${source} has ${size}`);
  }
  return size;
}
