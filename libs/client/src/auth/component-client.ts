/**
 * The client a control-plane component talks to the apiserver with: at APISERVER_URL, as the
 * identity whose bearer token is in APISERVER_TOKEN_FILE (the kubelet, with a token per node,
 * builds its own).
 */
import type { Registry } from 'prom-client';
import { ApiClient } from '../api-client';
import { readBearerToken } from './credentials';

export interface ComponentConnection {
  APISERVER_URL: string;
  APISERVER_TOKEN_FILE?: string;
}

/** `userAgent` as Kubernetes' components send it: `kube-scheduler/v0.1.0 (linux/amd64)`. */
export function componentApiClient(
  config: ComponentConnection,
  userAgent: string,
  registry?: Registry,
): ApiClient {
  return new ApiClient({
    baseUrl: config.APISERVER_URL,
    token: readBearerToken(config.APISERVER_TOKEN_FILE),
    userAgent,
    registry,
  });
}
