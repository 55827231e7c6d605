import { validateScale } from './scale.validation';

describe(validateScale.name, () => {
  it('wants non-negative whole replicas', () => {
    expect(validateScale({ spec: { replicas: 0 } })).toEqual([]);
    expect(validateScale({ spec: { replicas: -1 } })[0].detail).toBe('must be greater than or equal to 0');
    expect(validateScale({ spec: { replicas: 1.5 } })[0].detail).toBe('must be an integer');
  });
});
