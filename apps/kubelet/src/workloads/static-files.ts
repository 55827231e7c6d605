/**
 * Static files from a container's mounted volumes, served the way nginx serves its `root`
 * (`/usr/share/nginx/html` in the nginx image): `GET /` and `GET /docs/` answer the directory's
 * index.html, `GET /a.css` the file with a Content-Type from its extension, a missing file 404.
 * Only once something is mounted under the root does the root take over: a container without
 * such a mount answers as it always did.
 */
import type { MountedFiles } from '../runtime/mounted-files';

/** nginx's default document root, and so the web workload's unless SERVE_DIR says otherwise. */
export const NGINX_HTML_DIR = '/usr/share/nginx/html';

export interface StaticResponse {
  status: number;
  body: string | Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'application/javascript',
  json: 'application/json',
  txt: 'text/plain',
  xml: 'text/xml',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  ico: 'image/x-icon',
  yaml: 'text/plain',
  yml: 'text/plain',
  conf: 'text/plain',
};

const page = (status: number, title: string): StaticResponse => ({
  status,
  body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  type: 'text/html',
});

/** The answer for `urlPath` from files mounted under `root`; undefined when nothing is mounted there. */
export function staticFile(
  mounts: MountedFiles | undefined,
  root: string,
  urlPath: string,
): StaticResponse | undefined {
  if (!mounts || mounts.list(root).length === 0) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] || '/');
  } catch {
    return page(400, '400 Bad Request');
  }
  const segments = decoded.split('/');
  // Outside the root: nginx answers 400 before looking.
  if (segments.includes('..')) return page(400, '400 Bad Request');
  const base = root.replace(/\/+$/, '');
  const path = `${base}/${segments.filter(Boolean).join('/')}`;
  const candidates = decoded.endsWith('/') ? [`${path}/index.html`] : [path, `${path}/index.html`];
  for (const candidate of candidates) {
    const file = mounts.read(candidate);
    if (file) return { status: 200, body: file.data, type: typeOf(candidate) };
  }
  return page(404, '404 Not Found');
}

function typeOf(path: string): string {
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  const type = TYPES[extension] ?? 'application/octet-stream';
  return type.startsWith('text/') ? `${type}; charset=utf-8` : type;
}
