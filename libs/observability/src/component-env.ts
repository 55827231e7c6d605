import { str, url } from './component-config';

/** Variables every Orchestra component reads; spread into an app's own spec. */
export const componentEnv = {
  /** Where the component's HTTP server (health, metrics) binds. */
  BIND_ADDRESS: str({ default: '127.0.0.1' }),
  APISERVER_URL: url({ default: 'http://127.0.0.1:8080', protocols: ['http', 'https'] }),
  REDIS_URL: url({ default: 'redis://127.0.0.1:6379', protocols: ['redis', 'rediss'] }),
};
