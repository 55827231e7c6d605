import { ImagePullError } from './container-runtime';
import { imageRefOf, normalizedName, parseImageReference } from './image-reference';

describe(parseImageReference.name, () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['docker.io/library/nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['index.docker.io/library/nginx', 'docker.io/library/nginx:latest'],
    ['orchestra/web:v2', 'docker.io/orchestra/web:v2'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
    ['localhost:5000/team/app', 'localhost:5000/team/app:latest'],
    [`nginx@sha256:${'a'.repeat(64)}`, `docker.io/library/nginx@sha256:${'a'.repeat(64)}`],
    [`nginx:1.27@sha256:${'b'.repeat(64)}`, `docker.io/library/nginx:1.27@sha256:${'b'.repeat(64)}`],
  ])('normalizes %s to %s', (image, expected) => {
    expect(normalizedName(parseImageReference(image))).toBe(expected);
  });

  it.each(['', 'Nginx', 'nginx:', 'nginx@sha256:abc', 'nginx:bad tag', '-nginx'])(
    'rejects %p as InvalidImageName',
    (image) => {
      let error: unknown;
      try {
        parseImageReference(image);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ImagePullError);
      expect((error as ImagePullError).reason).toBe('InvalidImageName');
    },
  );

  it('derives a stable image ID per tag and keeps a pinned digest', () => {
    const a = imageRefOf(parseImageReference('nginx:1.27'));
    expect(a).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageRefOf(parseImageReference('docker.io/library/nginx:1.27'))).toBe(a);
    expect(imageRefOf(parseImageReference('nginx:1.26'))).not.toBe(a);
    const digest = `sha256:${'c'.repeat(64)}`;
    expect(imageRefOf(parseImageReference(`nginx@${digest}`))).toBe(`docker.io/library/nginx@${digest}`);
  });
});
