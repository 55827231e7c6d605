/**
 * The web dashboard's files: plain HTML, CSS and ES modules served as they are, no build step.
 * They sit in `static/` beside this file; `npm run build` copies that folder into dist/
 * (tools/build/copy-static.js), so the image, which ships dist/ only, has them too.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';

/** By extension; anything else is not served. */
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  // ES modules must come as JavaScript, or the browser refuses to run them.
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** One flat folder: a name is a file of it, never a path, so `..` cannot reach out of it. */
const assetName = /^[a-z0-9][a-z0-9-]*\.[a-z]+$/;

export interface UiAsset {
  body: Buffer;
  contentType: string;
  /** A strong ETag of the content, so that a no-cache reload is a 304 when nothing changed. */
  etag: string;
}

/**
 * `static/` beside the compiled file (dist/, after the build's copy; the source tree under Jest);
 * else the source tree's, for a dist/ made by a bare `tsc` without the copy.
 */
export function uiStaticDir(here = __dirname): string {
  const candidates = [join(here, 'static'), resolve(here, '../../../../../apps/apiserver/src/ui/static')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0];
}

export class UiAssets {
  constructor(readonly dir = uiStaticDir()) {}

  /** The file and its content type, or undefined when there is no such asset. Read on each request, so edits show on reload. */
  async read(name: string): Promise<UiAsset | undefined> {
    const contentType = contentTypes[extname(name)];
    if (!contentType || !assetName.test(name)) return undefined;
    try {
      const body = await readFile(join(this.dir, name));
      const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
      return { body, contentType, etag };
    } catch {
      return undefined;
    }
  }
}
