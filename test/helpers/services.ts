/**
 * Suites that need a service the machine may lack (a PostgreSQL server, sshd, Slurm) say so and skip on a
 * developer's machine. CI sets TAOBOT_TEST_REQUIRE_ALL=1, which turns every such skip into a failure.
 */
export const requireAll = process.env.TAOBOT_TEST_REQUIRE_ALL === '1';

export interface ServiceCheck {
  available: boolean;
  /** What to set or start to run the suite, shown when it skips. */
  hint: string;
}

/** Decides whether a service-dependent suite runs; logs the reason when it does not, throws in CI. */
export function serviceAvailable(name: string, check: ServiceCheck): boolean {
  if (check.available) return true;
  const message = `${name} tests skipped: ${check.hint}`;
  if (requireAll) throw new Error(`${message} (TAOBOT_TEST_REQUIRE_ALL=1 forbids skipping)`);
  process.stderr.write(`${message}\n`);
  return false;
}
