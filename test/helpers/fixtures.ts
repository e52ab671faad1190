import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
/** Absolute path of a file under the shared fixtures folder that sits beside the repository. */
export const fixturePath = (...parts: string[]): string =>
  fileURLToPath(new URL(`../../../shared/fixtures/${parts.join('/')}`, import.meta.url));
export const readFixture = (...parts: string[]): string => readFileSync(fixturePath(...parts), 'utf8');
