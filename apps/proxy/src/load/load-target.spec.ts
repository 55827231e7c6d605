import { loadTargetFromJson, LoadTargetError, parseLoadTargets } from './load-target';

describe(parseLoadTargets.name, () => {
  it('reads rates and optional paths', () => {
    expect(parseLoadTargets('default/web=20, default/api=0.5:/hello?x=1')).toEqual([
      { namespace: 'default', service: 'web', rps: 20, path: '/' },
      { namespace: 'default', service: 'api', rps: 0.5, path: '/hello?x=1' },
    ]);
    expect(parseLoadTargets('')).toEqual([]);
  });

  it.each([
    'web=20',
    'default/web',
    'default/web=0',
    'default/web=x',
    'default/Web=1',
    'default/web=1,default/web=2',
  ])('rejects %s', (text) => expect(() => parseLoadTargets(text)).toThrow(LoadTargetError));

  it('reads JSON targets', () => {
    expect(loadTargetFromJson({ service: 'default/web', rps: 3 })).toEqual({
      namespace: 'default',
      service: 'web',
      rps: 3,
      path: '/',
    });
    expect(() => loadTargetFromJson({ service: 'default/web', rps: 3, path: 'x' })).toThrow(LoadTargetError);
    expect(() => loadTargetFromJson('default/web')).toThrow(LoadTargetError);
  });
});
