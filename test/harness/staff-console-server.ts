import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildRenderers } from '../../scripts/build-renderer';
import { CONSOLE_FIRST_START, type ConsoleRole } from '../../store/console-accounts-store';
import { hashPassword } from '../../terminal/console/auth/password-hash';
import { mountStaffConsole, type StaffConsole } from '../../terminal/console/mount-staff-console';
import { buildReceptionApi } from '../../terminal/http/reception-api';
import { serveStaticFiles } from '../../terminal/http/static-files';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from './chromium';
import { TerminalFixture, type TerminalFixtureOptions } from './reception-terminal';
import { makeTempDir, type TempDir } from './temp-dir';

export { seriousAxeViolations } from './axe';

export interface ConsoleAccountSpec {
  readonly login: string;
  readonly displayName: string;
  readonly role: ConsoleRole;
}

/**
 * The staff console as the product mounts it, on the terminal of a TerminalFixture: the built pages,
 * the kiosk API and every console route on one app on loopback, with the given accounts (one
 * password for all). The browser contexts it opens are closed by closeContexts() and stop().
 */
export class StaffConsoleServer {
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    readonly app: FastifyInstance,
    readonly console: StaffConsole,
    readonly baseUrl: string,
    private readonly temp: TempDir,
    private readonly password: string,
  ) {}

  static async start(fixture: TerminalFixture, accounts: readonly ConsoleAccountSpec[], password: string): Promise<StaffConsoleServer> {
    const terminal = fixture.terminal;
    const temp = await makeTempDir('oqs-staff-console-');
    await buildRenderers(join(temp.path, 'renderer'));
    const app = await buildReceptionApi({ kiosks: terminal.kiosks, staticFiles: serveStaticFiles(join(temp.path, 'renderer')) });
    const staffConsole = await mountStaffConsole(app, terminal);
    const passwordHash = await hashPassword(password);
    for (const account of accounts) {
      terminal.consoleAccounts.createAccount({ ...account, passwordHash, mustChangePassword: false }, terminal.clock.now(), CONSOLE_FIRST_START);
    }
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    return new StaffConsoleServer(app, staffConsole, `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`, temp, password);
  }

  /** A fresh browser context (CSP bypassed only so a test can add axe-core), closed with the others. */
  async newPage(browser: Browser, viewport = { width: 1280, height: 900 }, options: { bypassCSP?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport, bypassCSP: options.bypassCSP ?? true });
    this.contexts.push(context);
    return context.newPage();
  }

  /** Signs `login` in through the sign-in page and waits for the console to name the account. */
  async signedIn(browser: Browser, login: string, viewport?: { width: number; height: number }): Promise<Page> {
    const page = await this.newPage(browser, viewport);
    await page.goto(`${this.baseUrl}/console/login/`);
    await page.waitForSelector('main[data-step=login]');
    await page.fill('#login', login);
    await page.fill('#password', this.password);
    await page.click('[data-testid=login-submit]');
    await page.waitForURL(`${this.baseUrl}/console/`);
    await page.waitForSelector('[data-testid=console-who][data-role]');
    return page;
  }

  async closeContexts(): Promise<void> {
    for (const context of this.contexts.splice(0)) await context.close();
  }

  async stop(): Promise<void> {
    await this.closeContexts();
    this.console.stop();
    await this.app.close();
    await this.temp.remove();
  }
}

/** What a console e2e file works with, filled in before its first test. */
export interface StaffConsoleSuite {
  readonly fixture: TerminalFixture;
  readonly server: StaffConsoleServer;
  readonly browser: Browser;
  readonly baseUrl: string;
}

/**
 * Registers the hooks of a console e2e file: the terminal fixture, the console server with its
 * accounts and Chromium before the tests; after each, its browser contexts closed and any card taken
 * off; after all, everything stopped.
 */
export function useStaffConsoleSuite(options: {
  readonly terminal?: TerminalFixtureOptions;
  readonly accounts: readonly ConsoleAccountSpec[];
  readonly password: string;
}): StaffConsoleSuite {
  let fixture: TerminalFixture | undefined;
  let server: StaffConsoleServer | undefined;
  let browser: Browser | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the console suite is not started');
    return value;
  };
  beforeAll(async () => {
    fixture = await TerminalFixture.start(options.terminal);
    server = await StaffConsoleServer.start(fixture, options.accounts, options.password);
    browser = await launchChromium();
  }, 120_000);
  afterEach(async () => {
    await server?.closeContexts();
    if (fixture?.slot(0).card) await fixture.remove(0);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await fixture?.stop();
  });
  return {
    get fixture() {
      return ready(fixture);
    },
    get server() {
      return ready(server);
    },
    get browser() {
      return ready(browser);
    },
    get baseUrl() {
      return ready(server).baseUrl;
    },
  };
}
