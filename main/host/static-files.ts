/**
 * Maps a request path to a file inside the renderer build folder, and nothing outside it: the path is
 * decoded once, resolved, and checked against the real (symlink-free) root before any read.
 */
import { realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

/** The file to serve, or why there is none. */
export type StaticLookup = { kind: 'file'; path: string; size: number } | { kind: 'not-found' } | { kind: 'refused' };

const isInside = (root: string, candidate: string): boolean => candidate === root || candidate.startsWith(root + sep);

/**
 * Find the file for a URL pathname (still percent-encoded, as in the request line) under `root`.
 * `/` means index.html. Dot-files, backslashes, NUL bytes and anything resolving outside root are refused.
 */
export async function lookupStaticFile(root: string, rawPathname: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPathname);
  } catch {
    return { kind: 'refused' };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused' };
  const segments = decoded.split('/').filter((segment) => segment !== '');
  // Also refuses "." and ".." outright, before path.resolve could fold them away.
  if (segments.some((segment) => segment.startsWith('.'))) return { kind: 'refused' };
  const relative = segments.length === 0 ? ['index.html'] : segments;

  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return { kind: 'not-found' };
  }
  const candidate = resolve(realRoot, ...relative);
  if (!isInside(realRoot, candidate)) return { kind: 'refused' };
  try {
    // A symlink inside the build folder must not lead out of it.
    const real = await realpath(candidate);
    if (!isInside(realRoot, real)) return { kind: 'refused' };
    const info = await stat(real);
    if (!info.isFile()) return { kind: 'not-found' };
    return { kind: 'file', path: real, size: info.size };
  } catch {
    return { kind: 'not-found' };
  }
}
