/**
 * Secrets with the real kubectl (the installed clients, older and newer): `create secret generic
 * --from-literal`, `get` with NAME TYPE DATA AGE, `-o jsonpath` of a base64 value, `describe`
 * with sizes only; and the API's rules: base64 data (422 naming data[key]), stringData merged
 * into data and never stored, type defaulted and fixed, immutable. With AUDIT_LEVEL at
 * RequestResponse and debug logs, the secret's value appears in neither the audit log nor the
 * apiserver's log lines.
 */
import { readFileSync } from 'node:fs';
import { call, startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';
import { eventually } from '../../../tools/testing/eventually';
import { KubectlSession } from '../../../tools/testing/kubectl-session';
import { tlsKubectlSession } from '../../../tools/testing/tls-kubectl-session';
import { clientVersion, installedKubectlClients } from './kubectl-clients';

const VALUE = 'hunter2-Zq7xK';
const VALUE_B64 = Buffer.from(VALUE).toString('base64');
const STRING_DATA_VALUE = 'from-stringData-Pw9';

describe('Secrets', () => {
  let api: TestApiserver;
  const output: string[] = [];
  let restore: () => void;

  beforeAll(async () => {
    // Every log line of the apiserver, kept to look for secrets in.
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      output.push(String(chunk));
      return true;
    });
    const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      output.push(String(chunk));
      return true;
    });
    restore = () => {
      out.mockRestore();
      err.mockRestore();
    };
    api = await startTestApiserver('secrets', { AUDIT_LEVEL: 'RequestResponse', LOG_LEVEL: 'debug' });
    await call(api.url, 'POST', '/api/v1/namespaces', { metadata: { name: 's' } });
  });
  afterAll(async () => {
    await api.close();
    restore();
  });

  describe.each(installedKubectlClients())('$label', ({ path }) => {
    let session: KubectlSession;
    const kubectl = (...args: string[]) => session.kubectl(...args);
    const name = `gen-${clientVersion(path)
      .replace(/[^0-9]/g, '')
      .slice(0, 4)}`;

    beforeAll(async () => {
      session = await tlsKubectlSession(path, api.url);
    });
    afterAll(() => session.close());

    it('kubectl create secret generic, get, get -o jsonpath | base64 -d, describe', async () => {
      expect(
        await kubectl('create', 'secret', 'generic', name, `--from-literal=password=${VALUE}`, '-n', 's'),
      ).toBe(`secret/${name} created\n`);
      const table = await kubectl('get', 'secret', name, '-n', 's');
      expect(table).toMatch(new RegExp(`^NAME\\s+TYPE\\s+DATA\\s+AGE\\n${name}\\s+Opaque\\s+1\\s+\\d+s\\n$`));
      const encoded = await kubectl('get', 'secret', name, '-n', 's', '-o', 'jsonpath={.data.password}');
      expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe(VALUE);
      const described = await kubectl('describe', 'secret', name, '-n', 's');
      expect(described).toMatch(/^Type:\s+Opaque$/m);
      expect(described).toMatch(new RegExp(`^password:\\s+${VALUE.length} bytes$`, 'm'));
      expect(described).not.toContain(VALUE);
    });
  });

  it('rejects data that is not base64 with a 422 naming data[key], never echoing the value', async () => {
    const res = await call(api.url, 'POST', '/api/v1/namespaces/s/secrets', {
      metadata: { name: 'bad' },
      data: { password: VALUE, ok: VALUE_B64 },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      kind: 'Status',
      reason: 'Invalid',
      details: {
        name: 'bad',
        kind: 'Secret',
        causes: [{ reason: 'FieldValueInvalid', field: 'data[password]' }],
      },
    });
    expect(JSON.stringify(res.body)).not.toContain(VALUE);
    const badKey = await call(api.url, 'POST', '/api/v1/namespaces/s/secrets', {
      metadata: { name: 'bad-key' },
      data: { 'a/b': VALUE_B64 },
    });
    expect(badKey.status).toBe(422);
    expect(badKey.body.details.causes[0].field).toBe('data[a/b]');
  });

  it('merges stringData into data on create and update, stores no stringData, defaults type to Opaque', async () => {
    const created = await call(api.url, 'POST', '/api/v1/namespaces/s/secrets', {
      metadata: { name: 'merged' },
      data: { a: Buffer.from('old').toString('base64'), keep: 'eA==' },
      stringData: { a: STRING_DATA_VALUE },
    });
    expect(created.status).toBe(201);
    expect(created.body.type).toBe('Opaque');
    expect(created.body.stringData).toBeUndefined();
    expect(created.body.data).toEqual({ a: Buffer.from(STRING_DATA_VALUE).toString('base64'), keep: 'eA==' });
    const patched = await call(
      api.url,
      'PATCH',
      '/api/v1/namespaces/s/secrets/merged',
      { stringData: { b: 'two' } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(patched.status).toBe(200);
    expect(patched.body.data.b).toBe(Buffer.from('two').toString('base64'));
    expect(patched.body.stringData).toBeUndefined();
    const stored = await call(api.url, 'GET', '/api/v1/namespaces/s/secrets/merged');
    expect(Object.keys(stored.body.data).sort()).toEqual(['a', 'b', 'keep']);
    expect(stored.body.stringData).toBeUndefined();
    // type never changes
    const retyped = await call(
      api.url,
      'PATCH',
      '/api/v1/namespaces/s/secrets/merged',
      { type: 'kubernetes.io/tls' },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(retyped.status).toBe(422);
    expect(retyped.body.details.causes.map((c: { field: string }) => c.field)).toContain('type');
    // Selectable by type, as in Kubernetes.
    const tls = await call(
      api.url,
      'GET',
      '/api/v1/namespaces/s/secrets?fieldSelector=type%3Dkubernetes.io%2Ftls',
    );
    expect([tls.status, tls.body.items]).toEqual([200, []]);
    const opaque = await call(api.url, 'GET', '/api/v1/namespaces/s/secrets?fieldSelector=type%3DOpaque');
    expect(opaque.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toContain('merged');
  });

  it('keeps an immutable Secret’s data', async () => {
    expect(
      (
        await call(api.url, 'POST', '/api/v1/namespaces/s/secrets', {
          metadata: { name: 'frozen' },
          immutable: true,
          stringData: { a: 'x' },
        })
      ).status,
    ).toBe(201);
    const changed = await call(
      api.url,
      'PATCH',
      '/api/v1/namespaces/s/secrets/frozen',
      { stringData: { a: 'y' } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(changed.status).toBe(422);
    expect(changed.body.message).toContain('data: Forbidden: field is immutable when `immutable` is set');
  });

  it('writes no secret value to the audit log or the log, though AUDIT_LEVEL is RequestResponse', async () => {
    // The audit events of this file's requests are there (the secrets' creates among them)...
    const audit = await eventually(
      async () => {
        const text = readFileSync(api.credentials.auditLogFile, 'utf8');
        return text.includes('"resource":"secrets"') && text.includes('"name":"merged"') ? text : undefined;
      },
      10_000,
      'the secrets in the audit log',
    );
    const secretEvents = audit
      .split('\n')
      .filter(Boolean)
      .map(
        (line) =>
          JSON.parse(line) as { objectRef?: { resource?: string }; level: string; requestObject?: unknown },
      )
      .filter((e) => e.objectRef?.resource === 'secrets');
    expect(secretEvents.length).toBeGreaterThan(5);
    expect(new Set(secretEvents.map((e) => e.level))).toEqual(new Set(['Metadata']));
    // ...at RequestResponse for other resources: the policy does record bodies.
    expect(audit).toMatch(
      /"level":"RequestResponse"[^\n]*"resource":"namespaces"|"resource":"namespaces"[^\n]*"level":"RequestResponse"/,
    );
    for (const secret of [
      VALUE,
      VALUE_B64,
      STRING_DATA_VALUE,
      Buffer.from(STRING_DATA_VALUE).toString('base64'),
    ]) {
      expect([secret, audit.includes(secret)]).toEqual([secret, false]);
      expect([secret, output.join('').includes(secret)]).toEqual([secret, false]);
    }
    // The log was captured at all (debug lines of the apiserver).
    expect(output.length).toBeGreaterThan(0);
  });
});
