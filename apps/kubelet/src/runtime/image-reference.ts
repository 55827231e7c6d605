/**
 * Image references as Docker and containerd read them (distribution/reference's
 * ParseNormalizedNamed): `nginx` is `docker.io/library/nginx:latest`, a registry is the first
 * path component when it looks like a host, a digest pins the content. A name that does not parse
 * is Kubernetes' InvalidImageName, which is never retried.
 */
import { createHash } from 'node:crypto';
import { ImagePullError } from './container-runtime';

export interface ImageReference {
  /** `docker.io`, `registry.k8s.io`, `localhost:5000`. */
  domain: string;
  /** Repository path inside the registry: `library/nginx`, `orchestra/web`. */
  path: string;
  tag?: string;
  /** `sha256:<64 hex>` when the reference is pinned. */
  digest?: string;
}

const DEFAULT_DOMAIN = 'docker.io';
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN =
  /^(?:localhost|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function parseImageReference(image: string): ImageReference {
  const invalid = (why: string) =>
    new ImagePullError(`Failed to apply default image tag "${image}": ${why}`, 'InvalidImageName');
  if (!image) throw invalid('couldn\'t parse image name "": invalid reference format');
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid('invalid reference format (bad digest)');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid('invalid reference format (bad tag)');
  }
  const parts = rest.split('/');
  let domain = DEFAULT_DOMAIN;
  // Like Docker: the first component is a registry only if it looks like a host.
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    domain = parts.shift() as string;
    if (!DOMAIN.test(domain)) throw invalid('invalid reference format (bad registry)');
  }
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && parts.length === 1) parts.unshift('library');
  for (const part of parts) {
    if (part !== part.toLowerCase())
      throw invalid('invalid reference format: repository name must be lowercase');
    if (!COMPONENT.test(part)) throw invalid('invalid reference format');
  }
  if (!tag && !digest) tag = 'latest';
  return { domain, path: parts.join('/'), tag, digest };
}

/** `docker.io/library/nginx`. */
export function repositoryOf(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/** The fully qualified name containerd reports as the container's image: `docker.io/library/nginx:1.27`. */
export function normalizedName(ref: ImageReference): string {
  const tag = ref.tag ? `:${ref.tag}` : '';
  const digest = ref.digest ? `@${ref.digest}` : '';
  return `${repositoryOf(ref)}${tag}${digest}`;
}

/**
 * The image ID (`status.containerStatuses[].imageID`): repository@digest. A pinned reference keeps
 * its digest; otherwise the simulated registry's digest is derived from name and tag, so the same
 * tag always yields the same ID, and a different tag a different one.
 */
export function imageRefOf(ref: ImageReference): string {
  const digest =
    ref.digest ??
    `sha256:${createHash('sha256')
      .update(`${repositoryOf(ref)}:${ref.tag}`)
      .digest('hex')}`;
  return `${repositoryOf(ref)}@${digest}`;
}
