/**
 * The credentials generator's command line (docker compose's `credentials` init service):
 * generates what is missing under --out and says what it made, never a secret.
 * See credentials-flags.ts for the flags and ensure-credentials.ts for the files.
 */
import { CredentialsFlagError, credentialsUsage, parseCredentialsFlags } from './credentials-flags';
import { ensureCredentials } from './ensure-credentials';

async function main(): Promise<void> {
  let command;
  try {
    command = parseCredentialsFlags(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CredentialsFlagError)) throw error;
    process.stderr.write(`${error.message}\n\n${credentialsUsage}\n`);
    process.exit(2);
  }
  if (command.help) {
    process.stdout.write(credentialsUsage + '\n');
    return;
  }
  const credentials = await ensureCredentials(command);
  const say = (line: string) => process.stdout.write(`[credentials] ${line}\n`);
  if (credentials.changes.length === 0) say(`kept every credential in ${command.dir}`);
  for (const change of credentials.changes) say(`generated: ${change}`);
  for (const target of command.kubeconfigs ?? [])
    say(`admin kubeconfig: ${target.path} (server ${target.serverUrl})`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[credentials] failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
