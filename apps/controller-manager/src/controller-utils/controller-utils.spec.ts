import { ControllerExpectations } from './controller-expectations';
import { fnv32a } from '@orchestra/api';
import { computeHash, safeEncodeString } from './pod-template-hash';
import { FakeClock } from './test/in-memory-cluster';
import { template } from './test/workload-fixtures';

describe('pod-template-hash', () => {
  it('is FNV-32a (reference vectors) rendered in the safe alphabet', () => {
    expect(fnv32a(new TextEncoder().encode(''))).toBe(0x811c9dc5);
    expect(fnv32a(new TextEncoder().encode('a'))).toBe(0xe40c292c);
    expect(safeEncodeString('0123456789')).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
  });

  it('is stable across key order and changes with the template and the collision count', () => {
    const a = template('nginx:1');
    const b = {
      spec: { containers: [{ image: 'nginx:1', name: 'app' }] },
      metadata: { labels: { app: 'web' } },
    };
    expect(computeHash(a)).toBe(computeHash(b));
    expect(computeHash(a)).not.toBe(computeHash(template('nginx:2')));
    expect(computeHash(a, 1)).not.toBe(computeHash(a));
  });

  it('treats a null field as absent, as Go decoding does (rollout undo sends creationTimestamp: null)', () => {
    const a = template('nginx:1');
    const undone = { ...a, metadata: { ...a.metadata, creationTimestamp: null as unknown as string } };
    expect(computeHash(undone)).toBe(computeHash(a));
  });
});

describe(ControllerExpectations.name, () => {
  it('is satisfied once every expected creation and deletion was observed (each pod once)', () => {
    const e = new ControllerExpectations(new FakeClock());
    expect(e.satisfiedExpectations('ns/rs')).toBe(true);
    e.expectCreations('ns/rs', 2);
    e.creationObserved('ns/rs');
    expect(e.satisfiedExpectations('ns/rs')).toBe(false);
    e.creationObserved('ns/rs');
    expect(e.satisfiedExpectations('ns/rs')).toBe(true);
    e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
    e.deletionObserved('ns/rs', 'ns/a');
    e.deletionObserved('ns/rs', 'ns/a');
    e.deletionObserved('ns/rs', 'ns/other');
    expect(e.pending('ns/rs')).toEqual({ add: 0, del: 1 });
    e.deletionObserved('ns/rs', 'ns/b');
    expect(e.satisfiedExpectations('ns/rs')).toBe(true);
  });

  it('expires after 5 minutes', () => {
    const clock = new FakeClock();
    const e = new ControllerExpectations(clock);
    e.expectCreations('k', 1);
    clock.advance(300);
    expect(e.satisfiedExpectations('k')).toBe(false);
    clock.advance(1);
    expect(e.satisfiedExpectations('k')).toBe(true);
  });
});
