import {
  addressFromClusterIP,
  addressFromHost,
  addressFromPath,
  resolveServiceAddress,
} from './service-address.resolver';

describe(addressFromClusterIP.name, () => {
  const serviceAt = (ip: string) =>
    ip === '10.96.0.12' ? { namespace: 'shop', name: 'backend' } : undefined;

  it("reads a pod's Host <clusterIP>:<port> as that Service on exactly that port", () => {
    expect(addressFromClusterIP('10.96.0.12:8080', '/a?b', serviceAt)).toEqual({
      namespace: 'shop',
      service: 'backend',
      port: '8080',
      portFromHost: false,
      path: '/a?b',
    });
    // HTTP's default port when the Host has none.
    expect(addressFromClusterIP('10.96.0.12', '/', serviceAt)).toMatchObject({ port: '80' });
  });

  it('leaves other hosts, and IPs that are no clusterIP, to the other forms', () => {
    expect(addressFromClusterIP('10.96.0.13:80', '/', serviceAt)).toBeUndefined();
    expect(addressFromClusterIP('127.0.0.1:10090', '/', serviceAt)).toBeUndefined();
    expect(addressFromClusterIP('backend.shop.svc.cluster.local', '/', serviceAt)).toBeUndefined();
    expect(addressFromClusterIP('10.96.0.300', '/', serviceAt)).toBeUndefined();
    expect(addressFromClusterIP(undefined, '/', serviceAt)).toBeUndefined();
  });
});

describe(resolveServiceAddress.name, () => {
  const known = (ns: string, name: string) => `${ns}/${name}` === 'default/web';

  it('reads /<namespace>/<service>[:port]/<rest> with the query string', () => {
    expect(addressFromPath('/default/web/a/b?x=1')).toEqual({
      namespace: 'default',
      service: 'web',
      port: undefined,
      portFromHost: false,
      path: '/a/b?x=1',
    });
    expect(addressFromPath('/default/web:http')).toMatchObject({ port: 'http', path: '/' });
    expect(addressFromPath('/default/web?x')).toMatchObject({ path: '/?x' });
    expect(addressFromPath('/default')).toBeUndefined();
    expect(addressFromPath('/')).toBeUndefined();
  });

  it('reads the three Host forms, with an optional port', () => {
    for (const host of ['web.default.svc.cluster.local:8080', 'web.default.svc', 'Web.Default']) {
      expect(addressFromHost(host, '/x')).toMatchObject({ service: 'web', namespace: 'default', path: '/x' });
    }
    expect(addressFromHost('web.default.svc.cluster.local:8080', '/')).toMatchObject({
      port: '8080',
      portFromHost: true,
    });
    expect(addressFromHost('127.0.0.1:10090', '/')).toBeUndefined();
    expect(addressFromHost('localhost', '/')).toBeUndefined();
  });

  it('prefers the Host header; a bare <service>.<namespace> only when that Service is known', () => {
    expect(resolveServiceAddress('web.default', '/x', known)).toMatchObject({ service: 'web', path: '/x' });
    expect(resolveServiceAddress('example.com', '/default/web/x', known)).toMatchObject({
      service: 'web',
      path: '/x',
      portFromHost: false,
    });
    expect(resolveServiceAddress('api.default.svc', '/default/web/x', known)).toMatchObject({
      service: 'api',
    });
    expect(resolveServiceAddress('localhost:10090', '/', known)).toBeUndefined();
  });
});
