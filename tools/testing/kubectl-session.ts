/**
 * Runs the real kubectl against a test apiserver: a kubeconfig and a fresh discovery cache in a
 * temporary directory (kubectl caches discovery for 6 hours), and failures that show kubectl's
 * own error output.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KubeconfigAuth, kubeconfigFor } from '../launcher/kubeconfig';
import { adminTokenOf } from './apiserver-harness';

const run = promisify(execFile);

export interface KubectlSession {
  /** The temporary directory (kubeconfig, cache, files the test writes). */
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Runs kubectl; resolves with stdout, rejects with kubectl's stderr in the message. */
  kubectl(...args: string[]): Promise<string>;
  close(): void;
}

/**
 * `auth` is the kubeconfig's user (a token, a CA); by default the admin of the test apiserver at
 * `serverUrl`, as `npm start` writes the admin's kubeconfig.
 */
export function kubectlSession(
  kubectlPath: string,
  serverUrl: string,
  timeoutMs = 30_000,
  auth: KubeconfigAuth = { token: adminTokenOf(serverUrl) },
): KubectlSession {
  if (auth.token && serverUrl.startsWith('http:')) {
    // client-go reads the kubeconfig's user only for an https server: the session would be anonymous.
    throw new Error(
      `kubectl sends no bearer token over plain HTTP (kubernetes/kubectl#744): use tlsKubectlSession for ${serverUrl}`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'orchestra-kubectl-'));
  writeFileSync(join(dir, 'kubeconfig'), kubeconfigFor(serverUrl, auth));
  const env = {
    ...process.env,
    KUBECONFIG: join(dir, 'kubeconfig'),
    KUBECACHEDIR: join(dir, 'cache'),
    HOME: dir,
  };
  return {
    dir,
    env,
    async kubectl(...args: string[]) {
      try {
        const { stdout } = await run(kubectlPath, args, { env, timeout: timeoutMs });
        return stdout;
      } catch (error) {
        const e = error as { stderr?: string; stdout?: string; message: string };
        throw new Error(`kubectl ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}`);
      }
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
