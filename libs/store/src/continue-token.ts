/**
 * List continuation tokens: opaque to clients (base64 JSON, as Kubernetes' are), carrying the
 * resourceVersion of the first page and the last key served.
 */
import { ApiError } from '@orchestra/api';

export interface ContinueToken {
  /** resourceVersion of the list's first page, reported on every page. */
  rv: string;
  /** Last member served; the next page starts after it. */
  start: string;
}

export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'o1', rv: token.rv, start: token.start })).toString('base64url');
}

export function decodeContinue(text: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (parsed.v === 'o1' && typeof parsed.rv === 'string' && typeof parsed.start === 'string') {
      return { rv: parsed.rv, start: parsed.start };
    }
  } catch {
    // fall through to the error below
  }
  throw ApiError.badRequest('continue key is not valid: the format of the continue token is not recognized');
}
