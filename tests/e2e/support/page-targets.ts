// Elements of an extension page as a person finds them, through the DOM alone (evaluate), so one suite runs
// the same steps in Chromium and Firefox: buttons, links and headings by their names, fields by their labels,
// alerts and texts as shown.
import { type AnyPage, waitIn } from './extension-pages';

/**
 * An element as a person finds it, like playwright's getByRole/getByLabel: a visible button, link or heading by
 * its name (aria-label, else its text), or a field by its label; a string names it exactly, a RegExp by pattern.
 * `within` narrows the search to the first element matching that CSS selector.
 */
export interface Target {
  kind: 'button' | 'link' | 'heading' | 'field';
  name: string | RegExp;
  within?: string;
}

type PageTarget = { kind: Target['kind']; exact?: string; pattern?: string; flags?: string; within?: string };
type PageAction =
  | { do: 'count' }
  | { do: 'present' }
  | { do: 'read' }
  | { do: 'click' }
  | { do: 'fill'; value: string }
  | { do: 'check'; value: boolean }
  | { do: 'select'; value: string };

export interface ElementState {
  text: string;
  value: string;
  checked: boolean;
  disabled: boolean;
  options: { text: string; value: string }[];
}

export const button = (name: string | RegExp, within?: string): Target => ({ kind: 'button', name, within });
export const link = (name: string | RegExp, within?: string): Target => ({ kind: 'link', name, within });
export const heading = (name: string | RegExp): Target => ({ kind: 'heading', name });
export const field = (name: string | RegExp, within?: string): Target => ({ kind: 'field', name, within });

function forPage(target: Target): PageTarget {
  const { kind, name, within } = target;
  return typeof name === 'string'
    ? { kind, exact: name, within }
    : { kind, pattern: name.source, flags: name.flags, within };
}

/** Runs in the page: finds the target's visible matches and acts on the first; null while that cannot be done yet. */
function operate([t, a]: readonly [PageTarget, PageAction]): unknown {
  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const matches = (s: string) => (t.pattern !== undefined ? new RegExp(t.pattern, t.flags).test(s) : s === t.exact);
  const root = t.within ? document.querySelector(t.within) : document;
  if (!root) return a.do === 'count' ? 0 : null;
  const selector = { button: 'button', link: 'a', heading: 'h1, h2, h3, h4', field: 'input, textarea, select' }[t.kind];
  const nameOf = (e: Element): string => {
    const aria = e.getAttribute('aria-label');
    if (aria) return norm(aria);
    if (t.kind !== 'field') return norm(e.textContent);
    const by = e.getAttribute('aria-labelledby');
    if (by)
      return norm(
        by
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
    return norm([...((e as HTMLInputElement).labels ?? [])].map((l) => l.textContent).join(' '));
  };
  const found = [...root.querySelectorAll(selector)].filter((e) => e.getClientRects().length > 0 && matches(nameOf(e)));
  if (a.do === 'count') return found.length;
  if (a.do === 'present') return found.length > 0 ? true : null;
  const element = found[0] as (HTMLInputElement & HTMLSelectElement) | undefined;
  if (!element) return null;
  if (a.do === 'read') {
    return {
      text: norm(element.textContent),
      value: element.value ?? '',
      checked: !!element.checked,
      disabled: !!element.disabled,
      options: [...(element.options ?? [])].map((o) => ({ text: norm(o.textContent), value: o.value })),
    };
  }
  if (element.disabled) return null;
  if (a.do === 'click') element.click();
  else if (a.do === 'check') {
    if (element.checked !== a.value) element.click();
  } else {
    const prototype =
      element instanceof HTMLTextAreaElement
        ? HTMLTextAreaElement.prototype
        : element instanceof HTMLSelectElement
          ? HTMLSelectElement.prototype
          : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(element, a.value);
    element.dispatchEvent(new Event(a.do === 'select' ? 'change' : 'input', { bubbles: true }));
  }
  return true;
}

function describeTarget(target: Target): string {
  return `${target.kind} "${String(target.name)}"${target.within ? ` in ${target.within}` : ''}`;
}

/** Clicks the target once it is shown and enabled. */
export async function click(page: AnyPage, target: Target): Promise<void> {
  await waitIn(page, operate, [forPage(target), { do: 'click' }] as const, `an enabled ${describeTarget(target)}`);
}

/** Types `value` into the field labelled `name` (a select gets the option with that value). */
export async function setField(page: AnyPage, name: string | RegExp, value: string, within?: string): Promise<void> {
  const target = field(name, within);
  await waitIn(
    page,
    operate,
    [forPage(target), { do: 'fill', value }] as const,
    `an enabled ${describeTarget(target)}`,
  );
}

export async function selectOption(page: AnyPage, name: string | RegExp, value: string): Promise<void> {
  const target = field(name);
  await waitIn(
    page,
    operate,
    [forPage(target), { do: 'select', value }] as const,
    `an enabled ${describeTarget(target)}`,
  );
}

/** Ticks (or clears) the checkbox labelled `name` once it is enabled. */
export async function setChecked(page: AnyPage, name: string | RegExp, checked: boolean): Promise<void> {
  const target = field(name);
  await waitIn(page, operate, [forPage(target), { do: 'check', value: checked }] as const, describeTarget(target));
}

/** The target's state once it is shown. */
export function read(page: AnyPage, target: Target): Promise<ElementState> {
  return waitIn(
    page,
    operate,
    [forPage(target), { do: 'read' }] as const,
    describeTarget(target),
  ) as Promise<ElementState>;
}

/** How many visible elements match the target now (no waiting). */
export async function count(page: AnyPage, target: Target): Promise<number> {
  return (await page.evaluate(operate, [forPage(target), { do: 'count' }] as const)) as number;
}

/** Waits until the target is shown. */
export async function shown(page: AnyPage, target: Target, timeoutMs = 30_000): Promise<void> {
  await waitIn(page, operate, [forPage(target), { do: 'present' }] as const, describeTarget(target), timeoutMs);
}

/** The text of every visible alert now (none is an empty list). */
export function alerts(page: AnyPage): Promise<string[]> {
  return page.evaluate(
    () =>
      [...document.querySelectorAll('[role="alert"]')]
        .filter((e) => e.getClientRects().length > 0)
        .map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()),
    undefined,
  );
}

/** How many elements carry the test id now (no waiting). */
export function testIdCount(page: AnyPage, testId: string): Promise<number> {
  return page.evaluate((id) => document.querySelectorAll(`[data-testid="${id}"]`).length, testId);
}

/** Whether the page holds `text` anywhere now, shown or hidden (for asserting that it does not). */
export function hasText(page: AnyPage, text: string): Promise<boolean> {
  return page.evaluate((t) => (document.body.textContent ?? '').includes(t), text);
}

/** Waits until the page shows `text`. */
export async function waitForText(page: AnyPage, text: string, timeoutMs = 30_000): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: only rendered text counts, as a person reads it
  await waitIn(page, (t) => (document.body.innerText.includes(t) ? true : null), text, `the text "${text}"`, timeoutMs);
}

/** Moves the popup to another screen, as a link would (the popup routes on its hash). */
export async function go(page: AnyPage, route: string): Promise<void> {
  await page.evaluate((r) => {
    location.hash = r;
  }, route);
}

/** Reloads the page; the next waitIn sees the new document. */
export async function reload(page: AnyPage): Promise<void> {
  await page.evaluate(() => {
    setTimeout(() => location.reload(), 0);
  }, undefined);
  await new Promise((r) => setTimeout(r, 500));
}
