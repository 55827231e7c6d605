/** The official JavaScript client (@kubernetes/client-node 1.4, the line that runs on Node 20). */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApiserver, TestApiserver } from '../../../tools/testing/apiserver-harness';

const run = promisify(execFile);

describe('@kubernetes/client-node', () => {
  let api: TestApiserver;

  beforeAll(async () => {
    api = await startTestApiserver('client-node');
  });
  afterAll(() => api.close());

  it('creates, lists and watches objects', async () => {
    const { stdout } = await run(
      process.execPath,
      [join(__dirname, 'client-node', 'client-node-check.mjs')],
      {
        env: { ...process.env, ORCHESTRA_TEST_APISERVER: api.url, ORCHESTRA_TEST_TOKEN: api.token },
        timeout: 30_000,
      },
    );
    const result = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(result.created).toMatchObject({ name: 'first', resourceVersion: expect.stringMatching(/^\d+$/) });
    expect(result.deployment).toEqual({ replicas: 2, maxSurge: '25%' });
    expect(result.listed).toEqual(['first']);
    expect(result.watched).toContainEqual({ type: 'ADDED', name: 'second' });
    expect(
      result.watched.filter((e: { type: string }) => e.type === 'ADDED').map((e: { name: string }) => e.name),
    ).toEqual(['second']);
    expect(result.informerCache).toEqual(['first', 'second']);
    expect(result.missingCode).toBe(404);
  });
});
