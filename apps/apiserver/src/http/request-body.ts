/**
 * Reads and decodes request bodies: JSON, YAML or Kubernetes protobuf objects (kubectl ≥ 1.32's
 * typed clients send protobuf), and the patch media types. Kubernetes' limit is 3 MiB; bigger
 * bodies are 413 before they are parsed.
 */
import { ApiError, decodeKubernetesProtobuf, kubernetesProtobufMediaType } from '@orchestra/api';
import type { Request } from 'express';
import getRawBody from 'raw-body';
import { parse as parseYaml } from 'yaml';
import { rememberRequestBody } from '../audit/audit-objects';

export const maxRequestBodyBytes = 3 * 1024 * 1024;

export const patchMediaTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;

const objectMediaTypes = ['application/json', 'application/yaml', kubernetesProtobufMediaType];

export function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

export async function readRawBody(req: Request): Promise<Buffer> {
  try {
    return await getRawBody(req, { limit: maxRequestBodyBytes });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') {
      throw ApiError.requestEntityTooLarge(
        `the request body is too large: the limit is ${maxRequestBodyBytes} bytes (3 MiB)`,
      );
    }
    throw ApiError.badRequest(`could not read the request body: ${(error as Error).message}`);
  }
}

/** Decodes the body of a create or update: JSON, YAML or protobuf, which must be one object. */
export async function readObjectBody(req: Request): Promise<Record<string, unknown>> {
  const type = mediaTypeOf(req) || 'application/json';
  if (!objectMediaTypes.includes(type)) throw ApiError.unsupportedMediaType(type);
  const raw = await readRawBody(req);
  rememberRequestBody(req, () => decodeObject(raw, type));
  return decodeObject(raw, type);
}

/** Decodes a PATCH body according to its media type. */
export async function readPatchBody(req: Request): Promise<{ mediaType: string; patch: unknown }> {
  const type = mediaTypeOf(req);
  if (!(patchMediaTypes as readonly string[]).includes(type)) throw ApiError.unsupportedMediaType(type);
  const raw = await readRawBody(req);
  const format = type === 'application/apply-patch+yaml' ? 'yaml' : 'json';
  rememberRequestBody(req, () => decode(raw, format));
  return { mediaType: type, patch: decode(raw, format) };
}

/** Decodes an optional body (DeleteOptions on DELETE): empty is undefined. */
export async function readOptionalObjectBody(req: Request): Promise<Record<string, unknown> | undefined> {
  const raw = await readRawBody(req);
  if (raw.length === 0) return undefined;
  const type = mediaTypeOf(req) || 'application/json';
  if (!objectMediaTypes.includes(type)) throw ApiError.unsupportedMediaType(type);
  rememberRequestBody(req, () => decodeObject(raw, type));
  return decodeObject(raw, type);
}

function decodeObject(raw: Buffer, type: string): Record<string, unknown> {
  if (type === kubernetesProtobufMediaType) return decodeKubernetesProtobuf(raw).object;
  return asObject(decode(raw, type === 'application/yaml' ? 'yaml' : 'json'));
}

function decode(raw: Buffer, format: 'json' | 'yaml'): unknown {
  const text = raw.toString('utf8');
  if (text.trim() === '') throw ApiError.badRequest('the request body is empty');
  try {
    return format === 'json' ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    const what = format === 'json' ? 'JSON' : 'YAML';
    throw ApiError.badRequest(
      `the request body is not valid ${what}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

function asObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw ApiError.badRequest('the request body must be a single object');
  }
  return value as Record<string, unknown>;
}
