/** Names from `metadata.generateName`, as Kubernetes' SimpleNameGenerator: 5 random characters. */
import { randomInt } from 'node:crypto';

// Kubernetes leaves out vowels and look-alike characters so generated names never spell words.
const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
const maxPrefixLength = 63 - 5;

export function generateName(base: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += alphabet[randomInt(alphabet.length)];
  return base.slice(0, maxPrefixLength) + suffix;
}
