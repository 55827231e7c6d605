import { builtinResources, KubeObject, ResourceDefinition } from '@orchestra/api';
import { AdmissionChain } from './admission-chain';
import { AdmissionAttributes, AdmissionPlugin, admissionForbidden } from './admission.types';

const pods = builtinResources.find((d) => d.kind === 'Pod') as ResourceDefinition;

const attrs = (object?: KubeObject): AdmissionAttributes => ({
  operation: 'CREATE',
  def: pods,
  subresource: '',
  namespace: 'default',
  name: 'web',
  object,
  dryRun: false,
  ctx: { dryRun: false, now: new Date() },
});

describe(AdmissionChain.name, () => {
  it('runs every mutating plugin in order, then every validating plugin in order', async () => {
    const seen: string[] = [];
    const plugin = (name: string, phases: ('mutate' | 'validate')[]): AdmissionPlugin => ({
      name,
      ...(phases.includes('mutate') ? { mutate: () => void seen.push(`${name}.mutate`) } : {}),
      ...(phases.includes('validate') ? { validate: () => void seen.push(`${name}.validate`) } : {}),
    });
    const chain = new AdmissionChain([
      plugin('A', ['mutate']),
      plugin('B', ['mutate', 'validate']),
      plugin('C', ['validate']),
    ]);
    await chain.mutate(attrs());
    await chain.validate(attrs());
    expect(seen).toEqual(['A.mutate', 'B.mutate', 'B.validate', 'C.validate']);
    expect(chain.describe()).toEqual({ mutating: ['A', 'B'], validating: ['B', 'C'] });
  });

  it('stops at the first refusal', async () => {
    const later = jest.fn();
    const chain = new AdmissionChain([
      { name: 'No', validate: (a) => Promise.reject(admissionForbidden(a, 'not today')) },
      { name: 'Later', validate: later },
    ]);
    await expect(chain.validate(attrs())).rejects.toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'pods "web" is forbidden: not today',
    });
    expect(later).not.toHaveBeenCalled();
  });
});
