/**
 * Which GPU indexes of a server a new run gets (pure): the lowest free ones, or null when not enough are free.
 * Indexes in use come from the runs that hold GPUs (starting or running) on that server.
 */
export function allocateGpus(
  total: number,
  inUse: ReadonlyArray<readonly number[] | null>,
  wanted: number,
): number[] | null {
  const used = new Set<number>();
  let unknown = 0;
  for (const indexes of inUse) {
    if (indexes) for (const index of indexes) used.add(index);
    else unknown += 1;
  }
  const free: number[] = [];
  for (let index = 0; index < total && free.length < wanted; index += 1) {
    if (!used.has(index)) free.push(index);
  }
  // A holder without recorded indexes still holds GPUs: count it against the free ones.
  if (free.length < wanted || total - used.size - unknown < wanted) return null;
  return free;
}
