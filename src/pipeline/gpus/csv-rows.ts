/**
 * The row layer shared by the nvidia-smi CSV parsers: nvidia-smi separates fields with `, ` and does not quote,
 * prints an optional header (`memory.used [MiB]`) and, without `nounits`, puts units into the values (`0 MiB`).
 */

/** A header field's key without its unit: `memory.used [MiB]` → `memory.used`. */
export const headerKey = (field: string): string => field.replace(/\s*\[[^\]]*\]\s*$/, '').trim();

/** A header line: every field is a lowercase property name, optionally followed by its unit in brackets. */
export function isHeader(fields: readonly string[]): boolean {
  return fields.length > 0 && fields.every((f) => /^[a-z][a-z0-9_.]*(\s*\[[^\]]*\])?$/.test(f.trim()));
}

export const splitFields = (line: string): string[] => line.split(',').map((f) => f.trim());

/**
 * Fits a row's fields to the columns. Names are not quoted by nvidia-smi, so a comma inside a name (a process
 * path) makes extra fields: they are joined back into the one free-text column. Null when the row cannot fit.
 */
export function fitFields(
  fields: readonly string[],
  columns: readonly string[],
  freeText: string,
): Map<string, string> | null {
  const at = columns.indexOf(freeText);
  let fitted = [...fields];
  if (fields.length > columns.length && at >= 0) {
    const extra = fields.length - columns.length;
    fitted = [
      ...fields.slice(0, at),
      fields.slice(at, at + extra + 1).join(', '),
      ...fields.slice(at + extra + 1),
    ];
  }
  if (fitted.length !== columns.length) return null;
  return new Map(columns.map((c, i) => [c, fitted[i] ?? '']));
}

/** `[N/A]`, `[Not Supported]`, `N/A` and friends: nvidia-smi's ways of saying it has no value. */
const isMissing = (value: string): boolean => /^\[.*\]$/.test(value) || /^n\/a$/i.test(value) || value === '';

/**
 * A number with an optional unit (`1395 MiB`, `100 %`, `79.71 W`, `1395`). Null for a missing value, undefined
 * for something that is not a number at all (the row is garbage).
 */
export function numberValue(raw: string | undefined): number | null | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (isMissing(value)) return null;
  const match = /^(-?\d+(?:\.\d+)?)\s*(?:[A-Za-z%]+)?$/.exec(value);
  return match ? Number(match[1]) : undefined;
}

/** A non-negative integer (an index, a pid); undefined when it is not one. */
export function integerValue(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

/** A text value, null when nvidia-smi has none. */
export const textValue = (raw: string | undefined): string | null =>
  raw === undefined || isMissing(raw.trim()) ? null : raw.trim();
