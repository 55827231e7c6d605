import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditBackendFor, FileAuditBackend, StreamAuditBackend } from './audit-backend';

describe(FileAuditBackend.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('appends one line per event to the file, making its directory', async () => {
    const path = join(dir, 'logs', 'audit.log');
    const first = new FileAuditBackend(path);
    first.write('{"n":1}', fail);
    await first.close();
    const second = new FileAuditBackend(path);
    second.write('{"n":2}', fail);
    second.write('{"n":3}', fail);
    await second.close();
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
  });

  it('reports a file it cannot write', async () => {
    const notADir = join(dir, 'file');
    writeFileSync(notADir, '');
    expect(() => new FileAuditBackend(join(notADir, 'audit.log'))).toThrow();
    const closed = new FileAuditBackend(join(dir, 'closed.log'));
    await closed.close();
    const errors: Error[] = [];
    closed.write('{}', (error) => errors.push(error));
    expect(errors).toHaveLength(1);
  });

  it('is stdout for -', () => {
    expect(auditBackendFor('-')).toBeInstanceOf(StreamAuditBackend);
  });
});

describe(StreamAuditBackend.name, () => {
  function written(component?: string): string {
    let text = '';
    const stream = { write: (chunk: string) => (text += chunk) } as unknown as NodeJS.WritableStream;
    new StreamAuditBackend(stream, component).write('{"kind":"Event","apiVersion":"audit.k8s.io/v1"}', fail);
    return text;
  }

  it("gives stdout lines the log lines' leading fields, then the event's", () => {
    const text = written('kube-apiserver');
    expect(text.endsWith('\n')).toBe(true);
    const line = JSON.parse(text);
    expect(Object.keys(line)).toEqual(['time', 'level', 'component', 'message', 'kind', 'apiVersion']);
    expect(line).toMatchObject({
      level: 'info',
      component: 'kube-apiserver',
      message: 'audit',
      kind: 'Event',
    });
    expect(Number.isNaN(Date.parse(line.time))).toBe(false);
  });

  it('writes the bare event without a component', () => {
    expect(written()).toBe('{"kind":"Event","apiVersion":"audit.k8s.io/v1"}\n');
  });
});

function fail(error: Error): void {
  throw error;
}
