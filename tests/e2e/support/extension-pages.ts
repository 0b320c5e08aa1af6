// Pages of the extension and of dapps driven through the DOM alone (evaluate), so one suite runs the same
// steps in Chromium (playwright) and Firefox (puppeteer over BiDi): read test ids, click a button by its
// name, tick a box or fill a field by its label as a person would find them.
import type { BrowserContext, Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import type { ChromiumSession, FirefoxSession } from './browsers';
import { openExtensionPageInFirefox, setFirefoxViewport } from './browsers';

export interface AnyPage {
  evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
  screenshot(path: string): Promise<void>;
  setViewport(size: { width: number; height: number }): Promise<void>;
}

export interface ExtensionBrowser {
  name: 'Chromium' | 'Firefox';
  newPage(url: string): Promise<AnyPage>;
  /** Opens the popup at a route (e.g. "#/send") in a tab. */
  popup(route: string): Promise<AnyPage>;
  /** The approval window that is open, or the next one to open. */
  approvalWindow(): Promise<AnyPage>;
  approvalWindowCount(): Promise<number>;
}

function fromPlaywright(page: PlaywrightPage): AnyPage {
  return {
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
    screenshot: async (path) => {
      await page.screenshot({ path, fullPage: true });
    },
    setViewport: (size) => page.setViewportSize(size),
  };
}

export function fromPuppeteer(page: PuppeteerPage): AnyPage {
  return {
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
    screenshot: async (path) => {
      await page.screenshot({ path: path as `${string}.png`, fullPage: true });
    },
    setViewport: (size) => setFirefoxViewport(page, size),
  };
}

export function chromiumPages(session: ChromiumSession): ExtensionBrowser {
  const context: BrowserContext = session.context;
  const approvals = () => context.pages().filter((p) => !p.isClosed() && p.url().includes('#/approval/'));
  return {
    name: 'Chromium',
    async newPage(url) {
      const page = await context.newPage();
      await page.goto(url);
      return fromPlaywright(page);
    },
    async popup(route) {
      const page = await context.newPage();
      await page.goto(`${session.popupUrl}${route}`);
      return fromPlaywright(page);
    },
    async approvalWindow() {
      for (let i = 0; i < 300; i++) {
        const [open] = approvals();
        if (open) return fromPlaywright(open);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('no approval window');
    },
    approvalWindowCount: async () => approvals().length,
  };
}

export function firefoxPages(session: FirefoxSession): ExtensionBrowser {
  // Over BiDi an extension window may report about:blank: ask each page where it is.
  const approvals = async () => {
    const pages = await session.browser.pages();
    const hrefs = await Promise.all(pages.map((p) => p.evaluate(() => location.href).catch(() => '')));
    return pages.filter((_, i) => hrefs[i]?.includes('#/approval/'));
  };
  return {
    name: 'Firefox',
    async newPage(url) {
      const page = await session.browser.newPage();
      await page.goto(url);
      return fromPuppeteer(page);
    },
    async popup(route) {
      return fromPuppeteer(await openExtensionPageInFirefox(session, `popup.html${route}`));
    },
    async approvalWindow() {
      for (let i = 0; i < 300; i++) {
        const [open] = await approvals();
        if (open) return fromPuppeteer(open);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('no approval window');
    },
    approvalWindowCount: async () => (await approvals()).length,
  };
}

/** Polls `probe` in the page until it returns a value other than null/undefined (errors while loading are retried). */
export async function waitIn<T, A>(
  page: AnyPage,
  probe: (arg: A) => T | null | undefined,
  arg: A,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await page.evaluate(probe, arg);
      if (value !== null && value !== undefined) return value as T;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (${(last as Error).message})` : ''}`);
}

/** The text of every element with the test id, once at least one is there. */
export function texts(page: AnyPage, testId: string): Promise<string[]> {
  return waitIn(
    page,
    (id) => {
      const found = [...document.querySelectorAll(`[data-testid="${id}"]`)].map((e) => e.textContent ?? '');
      return found.length ? found : null;
    },
    testId,
    `[data-testid="${testId}"]`,
  );
}

/** "enabled" or "disabled", once a button with that name is shown (a window may still be rendering). */
export function buttonState(page: AnyPage, name: string): Promise<'enabled' | 'disabled'> {
  return waitIn(
    page,
    (n) => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === n);
      return button ? (button.disabled ? 'disabled' : 'enabled') : null;
    },
    name,
    `a "${name}" button`,
  );
}

/** Clicks the button with this name once it is enabled (brought to front: Approve arms only with focus). */
export async function clickButton(page: AnyPage, name: string): Promise<void> {
  await page.bringToFront();
  await waitIn(
    page,
    (n) => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === n);
      if (!button || button.disabled) return null;
      button.click();
      return true;
    },
    name,
    `an enabled "${name}" button`,
  );
}

/** Ticks the checkbox whose label starts with `label`. */
export async function tick(page: AnyPage, label: string): Promise<void> {
  await waitIn(
    page,
    (text) => {
      const found = [...document.querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(text));
      const box = found?.htmlFor ? (document.getElementById(found.htmlFor) as HTMLInputElement | null) : null;
      if (!box) return null;
      if (!box.checked) box.click();
      return true;
    },
    label,
    `a checkbox labelled "${label}…"`,
  );
}

/** Types `value` into the field whose label starts with `label`, as input events React sees. */
export async function fill(page: AnyPage, label: string, value: string): Promise<void> {
  await waitIn(
    page,
    ([text, v]) => {
      const found = [...document.querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(text));
      const input = found?.htmlFor ? (document.getElementById(found.htmlFor) as HTMLInputElement | null) : null;
      if (!input) return null;
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      setter?.call(input, v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      return true;
    },
    [label, value] as const,
    `a field labelled "${label}…"`,
  );
}

/** Calls the page's provider without waiting; the answer is read later with `answer`. */
export async function ask(page: AnyPage, key: string, method: string, params: unknown): Promise<void> {
  await page.evaluate(
    ([k, m, p]) => {
      const w = window as unknown as {
        __answers?: Record<string, unknown>;
        ethereum: { request(a: unknown): Promise<unknown> };
      };
      w.__answers ??= {};
      const answers = w.__answers;
      delete answers[k];
      w.ethereum
        .request(p === undefined ? { method: m } : { method: m, params: p })
        .then((result) => {
          answers[k] = { result };
        })
        .catch((error: { code: number; message: string }) => {
          answers[k] = { error: { code: error.code, message: error.message } };
        });
    },
    [key, method, params] as const,
  );
}

export type Answer = { result?: unknown; error?: { code: number; message: string } };

export function answer(page: AnyPage, key: string, timeoutMs = 60_000): Promise<Answer> {
  return waitIn(
    page,
    (k) => (window as unknown as { __answers?: Record<string, Answer> }).__answers?.[k] ?? null,
    key,
    `the answer to ${key}`,
    timeoutMs,
  );
}
