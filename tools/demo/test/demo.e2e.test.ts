/**
 * `npm run demo -- --quick` against a real `npm start`: it deploys its app, runs every chaos action it knows
 * in turn and prints one row per action; each run must pass (the cluster healed), and the
 * http-fault row must show the failed requests the fault caused.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildDist } from '../../testing/component-process';
import { LauncherProcess, startLauncher } from '../../testing/launcher-process';
import { demoActions } from '../demo-actions';

const run = promisify(execFile);
const repoRoot = join(__dirname, '..', '..', '..');

describe('npm run demo', () => {
  let launcher: LauncherProcess;

  beforeAll(async () => {
    await buildDist();
    launcher = await startLauncher({ ORCHESTRA_NODES: '3', ORCHESTRA_PROMETHEUS: 'off' });
  }, 150_000);

  afterAll(() => launcher?.dispose());

  it('runs each chaos action, waits for recovery and prints what happened', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '-r',
        join(repoRoot, 'tools', 'register-paths.js'),
        join(repoRoot, 'dist', 'tools', 'demo', 'main.js'),
        '--quick',
      ],
      { cwd: repoRoot, env: { ...process.env, ORCHESTRA_STATE_DIR: launcher.stateDir }, timeout: 240_000 },
    ).catch((error: Error & { stdout?: string }) => {
      // The demo's own output and the playground's last lines, to tell why.
      throw new Error(
        `${error.message}\n${error.stdout ?? ''}\n--- launcher ---\n${launcher.output().slice(-8_000)}`,
      );
    });
    process.stdout.write(stdout); // the table, in the test log
    const rows = new Map(
      stdout
        .split('\n')
        .map((line) => line.trim().split(/\s{2,}/))
        .filter((cells) => cells.length === 5)
        .map(([action, verdict, detect, recover, failed]) => [action, { verdict, detect, recover, failed }]),
    );
    expect(rows.get('action')).toEqual({
      verdict: 'verdict',
      detect: 'time to detect',
      recover: 'time to recover',
      failed: 'requests failed',
    });
    for (const { action } of demoActions) {
      const row = rows.get(action);
      expect([action, row?.verdict]).toEqual([action, 'Passed']);
      expect(row!.recover).toMatch(/^\d+\.\d\d s$/);
      expect(row!.failed).toMatch(/^\d+ of \d+$/);
    }
    // --quick: 20 % of 4 s of traffic at 20 requests/s: the fault shows as failed requests.
    const [failed, sent] = rows.get('http-fault')!.failed.split(' of ').map(Number);
    expect(sent).toBeGreaterThan(40);
    expect(failed / sent).toBeGreaterThan(0.05);
    expect(stdout).toContain('deleted namespace chaos-demo');
  }, 300_000);
});
