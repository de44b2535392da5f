/**
 * Run as its own process (`node --import tsx test/harness/journal-lock-holder.ts LOCKFILE`, one process, so its pid is the holder): takes the journal lock, says
 * "locked" on stdout, and holds it until killed — a holder that dies without releasing.
 */
import { acquireLock } from '../../main/audit/journal-lock';

const path = process.argv[2];
if (!path) throw new Error('usage: journal-lock-holder LOCKFILE');
await acquireLock(path);
process.stdout.write('locked\n');
setInterval(() => undefined, 60_000);
