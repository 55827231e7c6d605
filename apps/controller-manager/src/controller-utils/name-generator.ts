/**
 * Names for pods a controller creates, as the apiserver's SimpleNameGenerator does for
 * `generateName`: the prefix plus 5 random characters of the safe alphabet (`web-7d4b9-x2k9q`).
 */
import { safeAlphabet } from './pod-template-hash';

export type Random = () => number;

export const randomSuffixLength = 5;

export function randomString(length: number, random: Random = Math.random): string {
  let out = '';
  for (let i = 0; i < length; i++) out += safeAlphabet[Math.floor(random() * safeAlphabet.length)];
  return out;
}

/** `<owner>-`: the generateName prefix of an owner's pods. */
export function podNamePrefix(ownerName: string): string {
  return `${ownerName}-`;
}

export function generateName(prefix: string, random: Random = Math.random): string {
  return prefix + randomString(randomSuffixLength, random);
}
