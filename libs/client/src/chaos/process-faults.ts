/**
 * What component-kill and component-pause do to the process itself, with real signals, so the
 * launcher and Docker see exactly what they would see: SIGKILL (exit 137, restarted by the
 * launcher's supervisor or compose's `restart: unless-stopped`), and SIGSTOP with a SIGCONT at the
 * end of the pause. A stopped process cannot wake itself: a small detached Node process sends the
 * SIGCONT, and the stop only happens once that waker says its timer is armed, so a process is
 * never left stopped with nobody to continue it.
 */
import { spawn } from 'node:child_process';

export interface ProcessFaults {
  kill(): void;
  /** Stops the process until `until` (ms since the epoch); resolves once it runs again. */
  pauseUntil(until: number): Promise<void>;
}

const wakerSource = `
const [pid, until] = process.argv.slice(1).map(Number);
setTimeout(() => { try { process.kill(pid, 'SIGCONT'); } catch {} process.exit(0); }, Math.max(0, until - Date.now()));
process.stdout.write('armed\\n');
`;

export const signalProcessFaults: ProcessFaults = {
  kill() {
    process.kill(process.pid, 'SIGKILL');
  },
  pauseUntil(until: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const waker = spawn(process.execPath, ['-e', wakerSource, String(process.pid), String(until)], {
        detached: true,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      waker.once('error', reject);
      waker.stdout!.once('data', () => {
        waker.stdout!.destroy();
        waker.unref();
        process.kill(process.pid, 'SIGSTOP');
        // Running again: the waker sent SIGCONT (or someone else did, earlier).
        resolve();
      });
    });
  },
};
