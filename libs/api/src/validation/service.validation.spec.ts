import { formatFieldError } from '../errors';
import { validateService, validateServiceUpdate } from './service.validation';

const svc = (spec: Record<string, unknown>) => ({ spec });
const text = (errs: ReturnType<typeof validateService>) => errs.map(formatFieldError);

describe(validateService.name, () => {
  it('accepts ClusterIP, headless and ExternalName services', () => {
    expect(
      validateService(svc({ ports: [{ port: 80, targetPort: 'http' }], selector: { app: 'web' } })),
    ).toEqual([]);
    expect(validateService(svc({ clusterIP: 'None' }))).toEqual([]);
    expect(validateService(svc({ type: 'ExternalName', externalName: 'db.example.com' }))).toEqual([]);
  });

  it('requires ports, and names when there are several', () => {
    expect(text(validateService(svc({})))).toEqual(['spec.ports: Required value']);
    const errs = validateService(
      svc({ ports: [{ port: 80 }, { name: 'a', port: 0 }, { name: 'a', port: 81, protocol: 'HTTP' }] }),
    );
    expect(text(errs)).toEqual([
      'spec.ports[0].name: Required value',
      'spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[2].name: Duplicate value: "a"',
      'spec.ports[2].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it('allows nodePort only on NodePort and LoadBalancer, within the range', () => {
    expect(text(validateService(svc({ ports: [{ port: 80, nodePort: 30080 }] })))).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
    expect(text(validateService(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] })))).toEqual([
      'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
    expect(validateService(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 32767 }] }))).toEqual([]);
  });

  it('checks type, clusterIP and selector', () => {
    const errs = validateService(
      svc({ type: 'Cluster', clusterIP: '10.0.0.300', selector: { app: '-x' }, ports: [{ port: 1 }] }),
    );
    expect(errs.map((e) => e.field)).toEqual(['spec.type', 'spec.selector', 'spec.clusterIP']);
    expect(text(validateService(svc({ type: 'NodePort', clusterIP: 'None', ports: [{ port: 1 }] })))).toEqual(
      [`spec.clusterIP: Invalid value: "None": may not be set to 'None' for NodePort services`],
    );
  });
});

describe(validateServiceUpdate.name, () => {
  it('keeps an allocated clusterIP', () => {
    const old = svc({ clusterIP: '10.96.0.10' });
    expect(validateServiceUpdate(svc({ clusterIP: '10.96.0.10' }), old)).toEqual([]);
    expect(text(validateServiceUpdate(svc({ clusterIP: '10.96.0.11' }), old))).toEqual([
      'spec.clusterIP: Invalid value: "10.96.0.11": field is immutable',
    ]);
    expect(validateServiceUpdate(svc({ type: 'ExternalName' }), old)).toEqual([]);
  });
});
