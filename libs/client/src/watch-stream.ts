/**
 * Reads a watch response: newline-delimited `{type, object}` JSON. An ERROR event carries a
 * Status (a 410 Gone among them) and ends the watch with that ApiError, as client-go's
 * StreamWatcher does. Resolves when the server ends the stream or the caller aborts.
 */
import { ApiError, Status, WatchEvent } from '@orchestra/api';

export async function readWatchStream<T>(
  res: Response,
  onEvent: (event: WatchEvent<T>) => void,
  signal?: AbortSignal,
): Promise<void> {
  if (!res.body) return;
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) deliver(JSON.parse(line) as WatchEvent<T>, onEvent);
      }
    }
  } catch (error) {
    if (signal?.aborted) return;
    throw error;
  }
  const rest = buffered.trim();
  if (rest) deliver(JSON.parse(rest) as WatchEvent<T>, onEvent);
}

function deliver<T>(event: WatchEvent<T>, onEvent: (event: WatchEvent<T>) => void): void {
  if (event.type === 'ERROR') {
    const status = event.object as unknown as Partial<Status>;
    throw new ApiError(
      status.code ?? 500,
      status.reason ?? 'InternalError',
      status.message ?? '',
      status.details,
    );
  }
  onEvent(event);
}
