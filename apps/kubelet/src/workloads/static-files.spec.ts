import { MountedFiles, type VolumeFile } from '../runtime/mounted-files';
import { NGINX_HTML_DIR, staticFile } from './static-files';

const file = (s: string): VolumeFile => ({ data: Buffer.from(s), mode: 0o644 });
const site = new MountedFiles([
  {
    mountPath: NGINX_HTML_DIR,
    files: () =>
      new Map([
        ['index.html', file('<h1>home</h1>')],
        ['docs/index.html', file('docs')],
        ['app.css', file('h1 {}')],
      ]),
  },
]);

describe(staticFile.name, () => {
  it('serves the root as nginx does: index.html for directories, types by extension', () => {
    expect(staticFile(site, NGINX_HTML_DIR, '/')).toEqual({
      status: 200,
      body: Buffer.from('<h1>home</h1>'),
      type: 'text/html; charset=utf-8',
    });
    expect(staticFile(site, NGINX_HTML_DIR, '/index.html?x=1')?.status).toBe(200);
    expect(staticFile(site, NGINX_HTML_DIR, '/docs/')?.body.toString()).toBe('docs');
    expect(staticFile(site, NGINX_HTML_DIR, '/docs')?.body.toString()).toBe('docs');
    expect(staticFile(site, NGINX_HTML_DIR, '/app.css')?.type).toBe('text/css; charset=utf-8');
  });

  it('404 for a missing file, 400 for a path leaving the root', () => {
    expect(staticFile(site, NGINX_HTML_DIR, '/nope.html')?.status).toBe(404);
    expect(staticFile(site, NGINX_HTML_DIR, '/../../etc/passwd')?.status).toBe(400);
    expect(staticFile(site, NGINX_HTML_DIR, '/%E0%A4%A')?.status).toBe(400);
  });

  it('has no answer when nothing is mounted under the root', () => {
    expect(staticFile(undefined, NGINX_HTML_DIR, '/')).toBeUndefined();
    expect(staticFile(new MountedFiles(), NGINX_HTML_DIR, '/')).toBeUndefined();
    expect(staticFile(site, '/srv/www', '/')).toBeUndefined();
  });
});
