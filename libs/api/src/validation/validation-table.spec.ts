/**
 * Acceptance table: bad names, labels and quantities are each refused at their exact field path,
 * and the edge cases that Kubernetes accepts are accepted — all through strategyFor(...).validate.
 */
import { FieldError, formatFieldError } from '../errors';
import { builtinResources, ResourceDefinition } from '../resources';
import { canonicalize } from '../quantity';
import { KubeObject } from '../types';
import { strategyFor } from './kind-strategy';

const def = (kind: string): ResourceDefinition => builtinResources.find((d) => d.kind === kind)!;

const validate = (kind: string, obj: KubeObject): FieldError[] => {
  const d = def(kind);
  const strategy = strategyFor(d);
  strategy.applyDefaults(obj);
  return strategy.validate(obj, d);
};

const configMap = (name: string, labels?: Record<string, string>): KubeObject => ({
  metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) },
  data: { key: 'value' },
});
const namespace = (name: string): KubeObject => ({ metadata: { name } });
const service = (name: string): KubeObject => ({
  metadata: { name, namespace: 'default' },
  spec: { ports: [{ port: 80 }] },
});
const pod = (resources: Record<string, unknown>): KubeObject => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25', resources }] },
});

const label63 = 'a'.repeat(63);
const label64 = 'a'.repeat(64);
const subdomain253 = [label63, label63, label63, 'a'.repeat(61)].join('.');
const subdomain254 = `${subdomain253}a`;

describe('validation acceptance table', () => {
  it('has 253 and 254 character subdomains of the right length', () => {
    expect(subdomain253).toHaveLength(253);
    expect(subdomain254).toHaveLength(254);
  });

  it.each<[string, string, KubeObject, string, string]>([
    ['ConfigMap name Foo', 'ConfigMap', configMap('Foo'), 'metadata.name', 'a lowercase RFC 1123 subdomain'],
    ['ConfigMap name -a', 'ConfigMap', configMap('-a'), 'metadata.name', 'a lowercase RFC 1123 subdomain'],
    ['ConfigMap name a-', 'ConfigMap', configMap('a-'), 'metadata.name', 'a lowercase RFC 1123 subdomain'],
    ['ConfigMap name a_b', 'ConfigMap', configMap('a_b'), 'metadata.name', 'a lowercase RFC 1123 subdomain'],
    [
      'ConfigMap name of 254',
      'ConfigMap',
      configMap(subdomain254),
      'metadata.name',
      'must be no more than 253 characters',
    ],
    ['Namespace name Foo', 'Namespace', namespace('Foo'), 'metadata.name', 'a lowercase RFC 1123 label'],
    [
      'Namespace name of 64',
      'Namespace',
      namespace(label64),
      'metadata.name',
      'must be no more than 63 characters',
    ],
    ['Namespace name with a dot', 'Namespace', namespace('a.b'), 'metadata.name', 'must not contain dots'],
    [
      'Service name of 64',
      'Service',
      service(label64),
      'metadata.name',
      'must be no more than 63 characters',
    ],
    ['Service name 1abc', 'Service', service('1abc'), 'metadata.name', 'a DNS-1035 label'],
    ['Service name a_b', 'Service', service('a_b'), 'metadata.name', 'a DNS-1035 label'],
    [
      'label value of 64',
      'ConfigMap',
      configMap('c', { app: label64 }),
      'metadata.labels',
      'must be no more than 63 characters',
    ],
    [
      'label value -a',
      'ConfigMap',
      configMap('c', { app: '-a' }),
      'metadata.labels',
      'a valid label must be an empty string',
    ],
    [
      'label key a b',
      'ConfigMap',
      configMap('c', { 'a b': 'x' }),
      'metadata.labels',
      'name part must consist of',
    ],
    [
      'label key with empty prefix',
      'ConfigMap',
      configMap('c', { '/a': 'x' }),
      'metadata.labels',
      'prefix part must be non-empty',
    ],
    [
      'label key Foo_/a',
      'ConfigMap',
      configMap('c', { 'Foo_/a': 'x' }),
      'metadata.labels',
      'prefix part a lowercase RFC 1123',
    ],
    [
      'label key a/b/c',
      'ConfigMap',
      configMap('c', { 'a/b/c': 'x' }),
      'metadata.labels',
      'a qualified name must consist',
    ],
    [
      'label key of 64',
      'ConfigMap',
      configMap('c', { [label64]: 'x' }),
      'metadata.labels',
      'name part must be no more than 63',
    ],
    [
      'cpu 1.5.5',
      'Pod',
      pod({ limits: { cpu: '1.5.5' } }),
      'spec.containers[0].resources.limits[cpu]',
      'quantities must match',
    ],
    [
      'memory 1K',
      'Pod',
      pod({ requests: { memory: '1K' } }),
      'spec.containers[0].resources.requests[memory]',
      "unable to parse quantity's suffix",
    ],
    [
      'negative cpu',
      'Pod',
      pod({ requests: { cpu: '-1' } }),
      'spec.containers[0].resources.requests[cpu]',
      'must be greater than or equal to 0',
    ],
    [
      'request above limit',
      'Pod',
      pod({ requests: { cpu: '2' }, limits: { cpu: '1500m' } }),
      'spec.containers[0].resources.requests[cpu]',
      'must be less than or equal to cpu limit of 1500m',
    ],
  ])('rejects %s at its path', (_, kind, obj, field, message) => {
    const errs = validate(kind, obj);
    expect(errs.map((e) => e.field)).toContain(field);
    expect(
      errs
        .filter((e) => e.field === field)
        .map(formatFieldError)
        .join('\n'),
    ).toContain(message);
  });

  it.each<[string, string, KubeObject]>([
    ['a 253 character ConfigMap name', 'ConfigMap', configMap(subdomain253)],
    ['a dotted ConfigMap name', 'ConfigMap', configMap('app.example.com')],
    ['a 63 character Namespace name', 'Namespace', namespace(label63)],
    ['a 63 character Service name', 'Service', service(label63)],
    ['a 63 character label value and key', 'ConfigMap', configMap('c', { [label63]: label63 })],
    ['an empty label value and a prefixed key', 'ConfigMap', configMap('c', { 'example.com/Tier_1': '' })],
    [
      'canonical and non-canonical quantities',
      'Pod',
      pod({ requests: { cpu: '0.5', memory: '1.5Gi' }, limits: { cpu: 1, memory: '2Gi' } }),
    ],
  ])('accepts %s', (_, kind, obj) => {
    expect(validate(kind, obj)).toEqual([]);
  });

  it.each([
    ['1.5', '1500m'],
    ['1.5Gi', '1536Mi'],
    ['1000m', '1'],
    ['0.5Ki', '512'],
  ])('canonicalizes %s as %s', (input, expected) => {
    expect(canonicalize(input)).toBe(expected);
  });
});
