import { defaultNamespace } from './namespace.defaults';

describe(defaultNamespace.name, () => {
  it('adds the kubernetes finalizer and the Active phase', () => {
    const ns: Record<string, unknown> = { metadata: { name: 'prod' } };
    defaultNamespace(ns);
    expect(ns).toEqual({
      metadata: { name: 'prod' },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  it('keeps a Terminating phase', () => {
    const ns = { spec: { finalizers: [] }, status: { phase: 'Terminating' } };
    defaultNamespace(ns);
    expect(ns).toEqual({ spec: { finalizers: [] }, status: { phase: 'Terminating' } });
  });
});
