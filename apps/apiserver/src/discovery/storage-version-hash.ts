/**
 * `storageVersionHash` of legacy discovery: an opaque token that changes when the version an object
 * is stored at changes (Kubernetes: base64 of the first 8 bytes of sha256("group/version/kind")).
 * Clients such as the storage-version migrator compare it; we store at the served version.
 */
import { createHash } from 'node:crypto';
import { ResourceDefinition } from '@orchestra/api';

export const storageVersionHash = (def: Pick<ResourceDefinition, 'group' | 'version' | 'kind'>): string =>
  createHash('sha256')
    .update(`${def.group}/${def.version}/${def.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');
