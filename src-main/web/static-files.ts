import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** index.html must be revalidated; hashed assets may be cached. */
  cacheControl: string;
}

/**
 * Maps a URL path to a file inside the built renderer, never outside it. Paths without an
 * extension fall back to index.html so client-side routes survive a reload.
 */
export async function readRendererFile(rendererDir: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const root = resolve(rendererDir);
  const wanted = resolve(join(root, decoded));
  if (wanted !== root && !wanted.startsWith(root + sep)) return null;

  const candidate = (await isFile(wanted)) ? wanted : extname(decoded) === '' ? join(root, 'index.html') : null;
  if (candidate === null || !(await isFile(candidate))) return null;
  const body = await readFile(candidate);
  const isIndex = candidate.endsWith(`${sep}index.html`);
  return {
    body,
    contentType: CONTENT_TYPES[extname(candidate).toLowerCase()] ?? 'application/octet-stream',
    cacheControl: isIndex ? 'no-store' : 'private, max-age=3600',
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
