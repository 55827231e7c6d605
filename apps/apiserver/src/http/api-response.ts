/** Writes API responses: JSON bodies, and every error as a Kubernetes Status with its code. */
import { Logger } from '@nestjs/common';
import { ApiError } from '@orchestra/api';
import type { Response } from 'express';
import { rememberResponseStatus } from '../audit/audit-objects';

const logger = new Logger('ApiResponse');

export function sendJson(res: Response, code: number, body: unknown, contentType = 'application/json'): void {
  sendJsonText(res, code, JSON.stringify(body), contentType);
}

/** A body that is already JSON text (e.g. an object as stored). */
export function sendJsonText(
  res: Response,
  code: number,
  text: string,
  contentType = 'application/json',
): void {
  res.status(code).setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  logger.error((error as Error)?.stack ?? String(error));
  return ApiError.internal((error as Error)?.message ?? String(error));
}

export function sendError(res: Response, error: unknown): number {
  const apiError = toApiError(error);
  if (res.headersSent) {
    res.end();
    return apiError.code;
  }
  // The unread rest of a too-large body would poison a kept-alive connection: close it.
  if (apiError.code === 413) res.setHeader('Connection', 'close');
  const retryAfter = apiError.details?.retryAfterSeconds;
  if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
  const status = apiError.toStatus();
  rememberResponseStatus(res, status);
  sendJson(res, apiError.code, status);
  return apiError.code;
}
