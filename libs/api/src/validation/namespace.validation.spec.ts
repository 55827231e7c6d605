import { validateNamespace } from './namespace.validation';

describe(validateNamespace.name, () => {
  it('allows the kubernetes finalizer and qualified ones', () => {
    expect(
      validateNamespace({
        spec: { finalizers: ['kubernetes', 'example.com/cleanup'] },
        status: { phase: 'Active' },
      }),
    ).toEqual([]);
  });

  it('refuses other bare finalizer names and unknown phases', () => {
    const errs = validateNamespace({ spec: { finalizers: ['cleanup'] }, status: { phase: 'Gone' } });
    expect(errs.map((e) => e.field)).toEqual(['spec.finalizers', 'status.phase']);
  });
});
