import { addressFromHost, addressFromPath, resolveServiceAddress } from './service-address.resolver';

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
