import { str, url } from './component-config';

/** Variables every Orchestra component reads; spread into an app's own spec. */
export const componentEnv = {
  /** Where the component's HTTP server (health, metrics) binds. */
  BIND_ADDRESS: str({ default: '127.0.0.1' }),
  APISERVER_URL: url({ default: 'http://127.0.0.1:8080', protocols: ['http', 'https'] }),
  /**
   * A file holding the bearer token this component authenticates to the apiserver with (its own
   * identity, e.g. system:kube-scheduler). An https APISERVER_URL's CA comes from NODE_EXTRA_CA_CERTS.
   */
  APISERVER_TOKEN_FILE: str({ default: '' }),
  REDIS_URL: url({ default: 'redis://127.0.0.1:6379', protocols: ['redis', 'rediss'] }),
};
