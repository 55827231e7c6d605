import { defaultService } from './service.defaults';

describe(defaultService.name, () => {
  it('fills a ClusterIP service', () => {
    const svc = { spec: { ports: [{ port: 80 }, { port: 443, targetPort: 'https', protocol: 'UDP' }] } };
    defaultService(svc);
    expect(svc.spec).toEqual({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 443, targetPort: 'https', protocol: 'UDP' },
      ],
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });

  it('sets externalTrafficPolicy for NodePort only, and no IP families for ExternalName', () => {
    const nodePort = { spec: { type: 'NodePort', ports: [] } };
    defaultService(nodePort);
    expect(nodePort.spec).toMatchObject({ externalTrafficPolicy: 'Cluster' });
    const external = { spec: { type: 'ExternalName', externalName: 'db.example.com' } };
    defaultService(external);
    expect(external.spec).toEqual({
      type: 'ExternalName',
      externalName: 'db.example.com',
      sessionAffinity: 'None',
    });
  });
});
