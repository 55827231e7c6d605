import { ApiError } from '../errors';
import { builtinResources } from '../resources';
import { KubeObject } from '../types';
import {
  assertFieldSelectorSupported,
  fieldValue,
  parseFieldSelector,
  singleNameFromFieldSelector,
} from './field-selector';

const definition = (kind: string) => {
  const def = builtinResources.find((d) => d.kind === kind);
  if (!def) throw new Error(`no ${kind}`);
  return def;
};

const pod = (nodeName: string | undefined, phase: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default' },
  spec: nodeName === undefined ? {} : { nodeName },
  status: { phase },
});

describe(parseFieldSelector.name, () => {
  it('parses =, == and != and sorts the terms', () => {
    expect(parseFieldSelector('status.phase!=Failed,spec.nodeName==n1,metadata.name=x').requirements).toEqual(
      [
        { field: 'metadata.name', operator: '=', value: 'x' },
        { field: 'spec.nodeName', operator: '==', value: 'n1' },
        { field: 'status.phase', operator: '!=', value: 'Failed' },
      ],
    );
  });

  it('selects everything with the empty string and skips empty terms', () => {
    expect(parseFieldSelector('').empty()).toBe(true);
    expect(parseFieldSelector(',a=b,').requirements).toHaveLength(1);
  });

  it('allows empty values and unescapes \\, \\= and \\\\', () => {
    expect(parseFieldSelector('spec.nodeName=').requirements[0].value).toBe('');
    expect(parseFieldSelector('a=x\\,y\\=z\\\\w,b=c').requirements.map((r) => r.value)).toEqual([
      'x,y=z\\w',
      'c',
    ]);
  });

  it('prints escaped values and = for ==', () => {
    expect(parseFieldSelector('b==x\\,y,a!=').toString()).toBe('a!=,b=x\\,y');
  });

  it.each([
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: ='],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
    ['a=b\\!c', 'invalid field selector: invalid escape sequence: \\!'],
  ])('rejects %j with 400', (s, message) => {
    expect(() => parseFieldSelector(s)).toThrow(message);
    expect(() => parseFieldSelector(s)).toThrow(ApiError);
  });

  it('matches what kubectl describe node asks for', () => {
    const sel = parseFieldSelector('spec.nodeName=n1,status.phase!=Succeeded,status.phase!=Failed');
    expect(sel.matches(pod('n1', 'Running'))).toBe(true);
    expect(sel.matches(pod('n1', 'Failed'))).toBe(false);
    expect(sel.matches(pod('n2', 'Running'))).toBe(false);
  });

  it('compares a missing field as the empty string', () => {
    expect(parseFieldSelector('spec.nodeName=').matches(pod(undefined, 'Pending'))).toBe(true);
    expect(parseFieldSelector('spec.nodeName=').matches(pod('n1', 'Pending'))).toBe(false);
    expect(parseFieldSelector('spec.nodeName!=').matches(pod('n1', 'Pending'))).toBe(true);
  });

  it('matches the event fields kubectl describe sends', () => {
    const event: KubeObject = {
      kind: 'Event',
      metadata: { name: 'e', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'u1' },
      source: { component: 'kubelet', host: 'n1' },
    };
    const sel = parseFieldSelector(
      'involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.uid=u1,source=kubelet',
    );
    expect(sel.matches(event)).toBe(true);
    expect(parseFieldSelector('involvedObject.uid=u2').matches(event)).toBe(false);
  });
});

describe(fieldValue.name, () => {
  it('reads booleans and numbers as text and defaults spec.unschedulable to false', () => {
    const node: KubeObject = {
      metadata: { name: 'n1' },
      spec: { unschedulable: true },
      status: { capacity: 4 },
    };
    expect(fieldValue(node, 'spec.unschedulable')).toBe('true');
    expect(fieldValue(node, 'status.capacity')).toBe('4');
    expect(fieldValue({ metadata: { name: 'n2' } }, 'spec.unschedulable')).toBe('false');
    expect(fieldValue(node, 'metadata.name.deeper')).toBe('');
  });
});

describe(assertFieldSelectorSupported.name, () => {
  it('allows name, namespace and the resource own fields', () => {
    const sel = parseFieldSelector(
      'metadata.name=a,metadata.namespace=b,spec.nodeName=n,status.phase=Running',
    );
    expect(() => assertFieldSelectorSupported(sel, definition('Pod'))).not.toThrow();
  });

  it('refuses other fields with field label not supported', () => {
    const sel = parseFieldSelector('spec.nodeName=n');
    let error: unknown;
    try {
      assertFieldSelectorSupported(sel, definition('Deployment'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 400, message: 'field label not supported: spec.nodeName' });
  });
});

describe(singleNameFromFieldSelector.name, () => {
  it.each([
    ['metadata.name=web', 'web'],
    ['metadata.name==web', 'web'],
    ['metadata.name!=web', undefined],
    ['metadata.name=web,metadata.namespace=x', undefined],
    ['spec.nodeName=web', undefined],
    ['', undefined],
  ])('%j gives %j', (s, expected) => {
    expect(singleNameFromFieldSelector(parseFieldSelector(s))).toBe(expected);
  });
});
