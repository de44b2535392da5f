/** Contract calls made from inside the page, through the browser host and its session cookie, as the UI makes them. */
import type { Page } from 'playwright-core';
import type { Result } from '../../../shared/errors';

/** One call as data: a refusal comes back as `{ ok: false, error }`, like any UI call's. */
export async function callInPage<T>(page: Page, name: string, request: unknown): Promise<Result<T>> {
  return (await page.evaluate(
    async ([callName, body]) => (await fetch(`/api/call/${callName}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json(),
    [name, request] as const,
  )) as Result<T>;
}

/** One call that must succeed: its value, or an error naming the call and main's message. */
export async function callInPageOk<T>(page: Page, name: string, request: unknown): Promise<T> {
  const result = await callInPage<T>(page, name, request);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.message}`);
  return result.value;
}
