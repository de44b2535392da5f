/**
 * Suites that need a real server the machine may lack (Samba AD DC, Dovecot, Postfix): on a developer's machine
 * they print why and skip; under CI=true a missing server fails the suite instead, so a CI run without it can
 * never pass green.
 */

/** True when the suite should be skipped (reason printed); throws under CI when the server is missing. */
export function skipWithoutServer(suite: string, unavailableReason: string | null, env: NodeJS.ProcessEnv = process.env): boolean {
  if (unavailableReason === null) return false;
  if (env['CI'] === 'true' || env['CI'] === '1') {
    throw new Error(`${suite} cannot run: ${unavailableReason}. CI must have every real server (.ci/run installs them); refusing to skip.`);
  }
  console.warn(`Skipping ${suite}: ${unavailableReason}`);
  return true;
}
