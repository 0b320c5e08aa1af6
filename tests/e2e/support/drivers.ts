// One small interface over playwright (Chromium) and puppeteer (Firefox), so the library-dapp suite runs
// the same steps in both browsers: open a page, evaluate in it, answer Accord's approval window.
import type { BrowserContext, Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import type { ChromiumSession, FirefoxSession } from './browsers';

export interface DriverPage {
  evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  waitForFunction<A>(fn: (arg: A) => unknown, arg: A, timeoutMs?: number): Promise<void>;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Approve through a link of the approval window rather than its Approve button: the link (by test id) must
 * point at `href`; after the click the same window must show `landsOn`, and the test then closes it.
 */
export interface ApproveVia {
  link: string;
  href: string;
  landsOn: RegExp;
  screenshot?: string;
}

export interface ApproveOptions {
  expectText?: RegExp;
  screenshot?: string;
  via?: ApproveVia;
}

export interface Driver {
  name: 'Chromium' | 'Firefox';
  newPage(url: string): Promise<DriverPage>;
  /** Runs `action`, waits for the approval window it opens, checks it shows `expectText` if given, approves. */
  approve<T>(action: () => Promise<T>, options?: ApproveOptions): Promise<T>;
}

function playwrightPage(page: PlaywrightPage): DriverPage {
  return {
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    waitForFunction: async (fn, arg, timeout = 60_000) => {
      await page.waitForFunction(fn as never, arg, { timeout });
    },
    goto: async (url) => {
      await page.goto(url);
    },
    reload: async () => {
      await page.reload();
    },
    close: () => page.close(),
  };
}

export function chromiumDriver(session: ChromiumSession): Driver {
  const context: BrowserContext = session.context;
  return {
    name: 'Chromium',
    async newPage(url) {
      const page = await context.newPage();
      page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
      await page.goto(url);
      return playwrightPage(page);
    },
    async approve(action, { expectText, screenshot, via } = {}) {
      const opened = context.waitForEvent('page');
      const result = action();
      result.catch(() => {});
      const approval = await opened;
      await approval.waitForURL(/#\/approval\//);
      const button = approval.getByRole('button', { name: 'Approve', exact: true });
      await button.waitFor();
      if (expectText) await approval.getByText(expectText).first().waitFor();
      if (screenshot) await approval.screenshot({ path: screenshot, fullPage: true });
      if (via) {
        const link = approval.getByTestId(via.link);
        if ((await link.getAttribute('href')) !== via.href) {
          throw new Error(`${via.link} points at ${await link.getAttribute('href')}, not ${via.href}`);
        }
        // Armed like Approve: a moment after the window has focus.
        await approval.waitForFunction(
          (id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('aria-disabled') === 'false',
          via.link,
        );
        await link.click();
        await approval.waitForURL((url) => url.hash === via.href);
        await approval.getByText(via.landsOn).first().waitFor();
        if (via.screenshot) await approval.screenshot({ path: via.screenshot, fullPage: true });
        await approval.close();
        return result;
      }
      await button.click();
      // One window serves the queue: let it close before the next request, so that one opens a window again.
      await approval.waitForEvent('close', { timeout: 10_000 }).catch(() => {});
      return result;
    },
  };
}

function puppeteerPage(page: PuppeteerPage): DriverPage {
  return {
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    waitForFunction: async (fn, arg, timeout = 60_000) => {
      await page.waitForFunction(fn as never, { timeout, polling: 200 }, arg);
    },
    goto: async (url) => {
      await page.goto(url);
    },
    reload: async () => {
      await page.reload();
    },
    close: () => page.close(),
  };
}

/**
 * Polls `fn` in `page` until it returns true. puppeteer's waitForFunction builds its predicate with
 * Function() inside the page, which an extension page's CSP refuses in Firefox; evaluate() is not affected.
 */
async function pollUntil<A>(page: PuppeteerPage, fn: (arg: A) => boolean, arg: A, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(fn as never, arg).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting in ${page.url()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function firefoxDriver(session: FirefoxSession): Driver {
  const { browser } = session;
  return {
    name: 'Firefox',
    async newPage(url) {
      const page = await browser.newPage();
      page.on('pageerror', (error) => console.log(`page error: ${(error as Error).message}`));
      await page.goto(url);
      return puppeteerPage(page);
    },
    async approve(action, { expectText, screenshot, via } = {}) {
      // The approval window shows up as a new page whose URL BiDi reports as about:blank (moz-extension
      // navigations are not reported): find it as the page that was not there before.
      const before = new Set(await browser.pages());
      const result = action();
      result.catch(() => {});
      // A window that closes meanwhile (the previous approval closing itself) is skipped.
      let approval: PuppeteerPage | undefined;
      let button: Awaited<ReturnType<PuppeteerPage['waitForSelector']>> = null;
      const deadline = Date.now() + 60_000;
      while (!button && Date.now() < deadline) {
        approval = (await browser.pages()).find((p) => !before.has(p) && !p.isClosed());
        if (!approval) {
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        try {
          button = await approval.waitForSelector('::-p-text(Approve)', { timeout: 30_000 });
        } catch {
          before.add(approval);
        }
      }
      if (!approval || !button) throw new Error('no Accord approval window opened');
      // Approve is armed only after the window has had focus for a moment (no click lands on it unseen).
      await approval.bringToFront();
      await pollUntil(
        approval,
        () => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Approve' && !b.disabled),
        null,
      );
      if (expectText) {
        await pollUntil(
          approval,
          (source: string) => new RegExp(source).test(document.body.textContent ?? ''),
          expectText.source,
        );
      }
      if (screenshot) await approval.screenshot({ path: screenshot as `${string}.png`, fullPage: true });
      if (via) {
        const selector = `[data-testid="${via.link}"]`;
        const href = await approval.$eval(selector, (a) => a.getAttribute('href'));
        if (href !== via.href) throw new Error(`${via.link} points at ${href}, not ${via.href}`);
        await pollUntil(
          approval,
          (s: string) => document.querySelector(s)?.getAttribute('aria-disabled') === 'false',
          selector,
        );
        await approval.click(selector);
        await pollUntil(
          approval,
          ([want, text]: [string, string]) =>
            window.location.hash === want && new RegExp(text).test(document.body.textContent ?? ''),
          [via.href, via.landsOn.source] as [string, string],
        );
        if (via.screenshot) await approval.screenshot({ path: via.screenshot as `${string}.png`, fullPage: true });
        await approval.close();
        return result;
      }
      // Approve is enabled a moment after the window shows (and only while it has focus).
      await pollUntil(
        approval,
        () =>
          [...document.querySelectorAll('button')].some(
            (b) => b.textContent?.trim() === 'Approve' && !(b as HTMLButtonElement).disabled,
          ),
        null,
      );
      await button.click();
      // Wait for the window to close itself: a page opened meanwhile could land in that window and close with
      // it, and the next request would be shown in this window rather than a new one.
      for (let i = 0; i < 100 && !approval.isClosed() && (await browser.pages()).includes(approval); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      return result;
    },
  };
}
