import { gauge } from './metric-family';
import { escapeLabelValue, formatValue, renderFamily, renderLabels } from './text-format';

const text = (buffers: Buffer[]) => Buffer.concat(buffers).toString('utf8');

describe('text exposition format', () => {
  it('escapes backslash, double quote and newline in label values, and nothing else', () => {
    expect(escapeLabelValue('plain-value_1.2')).toBe('plain-value_1.2');
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(escapeLabelValue('ünïcode')).toBe('ünïcode');
  });

  it('formats values as Prometheus parses them', () => {
    expect([0, 1, 0.25, 1073741824, NaN, Infinity, -Infinity].map(formatValue)).toEqual([
      '0',
      '1',
      '0.25',
      '1073741824',
      'NaN',
      '+Inf',
      '-Inf',
    ]);
  });

  it('renders labels in the order given', () => {
    expect(renderLabels({ namespace: 'default', pod: 'web', uid: 'u"1' })).toBe(
      'namespace="default",pod="web",uid="u\\"1"',
    );
  });

  it("renders a family: header once, then every object's samples after its own labels", () => {
    const family = gauge<{ name: string; phase?: string }>(
      'kube_thing_phase',
      'The phase.\nOf things.',
      (o, emit) => {
        if (!o.phase) return;
        emit(1, { phase: o.phase });
        emit(0);
      },
    );
    const objects = [{ name: 'a', phase: 'Up' }, { name: 'b' }, { name: 'c', phase: 'Down' }];
    expect(text(renderFamily(family, objects, ['thing="a"', 'thing="b"', 'thing="c"']))).toBe(
      '# HELP kube_thing_phase The phase.\\nOf things.\n' +
        '# TYPE kube_thing_phase gauge\n' +
        'kube_thing_phase{thing="a",phase="Up"} 1\n' +
        'kube_thing_phase{thing="a"} 0\n' +
        'kube_thing_phase{thing="c",phase="Down"} 1\n' +
        'kube_thing_phase{thing="c"} 0\n',
    );
  });

  it('keeps a large family whole across its buffers', () => {
    const family = gauge<number>('kube_n', 'n', (n, emit) => emit(n, { i: String(n) }));
    const objects = Array.from({ length: 20_000 }, (_, i) => i);
    const buffers = renderFamily(
      family,
      objects,
      objects.map(() => 'x="y"'),
    );
    expect(buffers.length).toBeGreaterThan(1);
    const lines = text(buffers).split('\n');
    expect(lines).toHaveLength(2 + 20_000 + 1);
    expect(lines[2 + 12_345]).toBe('kube_n{x="y",i="12345"} 12345');
  });
});
