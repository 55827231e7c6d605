import { validateEvent } from './event.validation';

describe(validateEvent.name, () => {
  it('requires an involved object in the event namespace', () => {
    expect(validateEvent({ metadata: { namespace: 'default' } }).map((e) => e.field)).toEqual([
      'involvedObject',
    ]);
    const pod = { kind: 'Pod', name: 'p', namespace: 'prod' };
    expect(validateEvent({ metadata: { namespace: 'prod' }, involvedObject: pod, type: 'Warning' })).toEqual(
      [],
    );
    expect(validateEvent({ metadata: { namespace: 'dev' }, involvedObject: pod })[0].detail).toBe(
      'does not match event.namespace',
    );
  });

  it('puts events about cluster-scoped objects in default', () => {
    const node = { kind: 'Node', name: 'n1' };
    expect(validateEvent({ metadata: { namespace: 'default' }, involvedObject: node })).toEqual([]);
    expect(validateEvent({ metadata: { namespace: 'prod' }, involvedObject: node })).toHaveLength(1);
    expect(
      validateEvent({ metadata: { namespace: 'default' }, involvedObject: node, type: 'Info' })[0].field,
    ).toBe('type');
  });
});
