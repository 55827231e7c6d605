/**
 * The pod-template hash (controller.ComputeHash): the `pod-template-hash` label that ties a
 * Deployment's ReplicaSet and its pods to one version of the pod template.
 *
 * Kubernetes hashes the Go struct as printed by spew; that printing cannot be reproduced here,
 * so Orchestra hashes a stable equivalent: the template as JSON with sorted keys. The rest is as
 * Kubernetes: FNV-32a, then the collision count as 8 little-endian bytes, then the decimal sum
 * rendered in the safe-encoding alphabet (`7d4b9c8f5`-like names, never a vowel or a 0/1/3).
 */
import { fnv32a, PodTemplateSpec } from '@orchestra/api';

export const podTemplateHashLabel = 'pod-template-hash';

/** Kubernetes' k8s.io/apimachinery/pkg/util/rand alphabet: no vowels, no look-alike digits. */
export const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * JSON with object keys sorted, so equal templates give equal text whatever the key order. A field
 * set to null counts as absent, as it does once Go decodes it: `kubectl rollout undo` sends the
 * old template with `metadata.creationTimestamp: null`, and it must still match its ReplicaSet.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** rand.SafeEncodeString: each character mapped into the safe alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += safeAlphabet[(ch.codePointAt(0) ?? 0) % safeAlphabet.length];
  return out;
}

export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let hash = fnv32a(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32a(bytes, hash);
  }
  return safeEncodeString(String(hash));
}
