import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { recoverAdministrator } from '../console/auth/recover-administrator';
import { SqliteConsoleAccountsStore } from '../../store/console-accounts-store';
import { openReceptionDatabase } from '../../store/open-reception-database';

// `npm run console:recover-admin -- --store <terminal.sqlite> [--login admin] [--reset-totp]`
// Run on the terminal's own machine when no administrator can sign in to the console. Prints the new
// one-time password once; only its hash is stored.

const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  let values: { store?: string | undefined; login?: string | undefined; 'reset-totp'?: boolean | undefined };
  try {
    ({ values } = parseArgs({ options: { store: { type: 'string' }, login: { type: 'string' }, 'reset-totp': { type: 'boolean' } }, strict: true }));
  } catch (error) {
    process.stderr.write(`使い方 / usage: --store <terminal.sqlite> [--login <name>] [--reset-totp] (${error instanceof Error ? error.message : String(error)})\n`);
    return 2;
  }
  if (values.store === undefined) {
    process.stderr.write('端末の記録ファイルを --store で指定してください / give the terminal store file with --store\n');
    return 2;
  }
  // A mistyped path must not become a fresh, empty store with a new administrator in it.
  if (!existsSync(values.store)) {
    process.stderr.write(`端末の記録ファイルがありません / no terminal store at ${values.store}\n`);
    return 2;
  }
  const database = openReceptionDatabase(values.store);
  try {
    const outcome = await recoverAdministrator({
      accounts: new SqliteConsoleAccountsStore(database),
      clock: { now: () => new Date() },
      ...(values.login === undefined ? {} : { login: values.login }),
      resetTotp: values['reset-totp'] === true,
    });
    if (!outcome.ok) {
      process.stderr.write(`復旧できません / not recovered [${outcome.code}]: ${outcome.detail}\n`);
      return 1;
    }
    say(outcome.created ? `管理者を作成しました / administrator created: ${outcome.login}` : `管理者を復旧しました / administrator recovered: ${outcome.login}`);
    say(`  ワンタイムパスワード / one-time password: ${outcome.oneTimePassword}`);
    say('  （この一度だけ表示します。次のログインで変更してください / shown this once; change it at the next login）');
    if (outcome.totpReset) say('  二要素認証を解除しました。次のログインで設定し直します / two-factor sign-in removed: enrol again at the next login');
    return 0;
  } finally {
    database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'RECOVERY_FAILED';
    process.stderr.write(`復旧できません / not recovered [${code}]: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
