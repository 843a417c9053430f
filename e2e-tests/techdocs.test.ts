import { expect, Locator, test } from '@playwright/test';
import { artifacts, signInAsGuest } from './helpers';

/**
 * How opaque an element really is on screen: the product of its own opacity
 * and that of every ancestor, crossing shadow-root boundaries. Playwright's
 * toBeVisible counts opacity 0 as visible, and the TechDocs reader keeps the
 * shadow root's <html> at opacity 0 until all its stylesheets have loaded.
 */
function effectiveOpacity(locator: Locator) {
  return locator.evaluate(element => {
    let opacity = 1;
    let node: Element | null = element;
    while (node) {
      opacity *= Number(getComputedStyle(node).opacity);
      const parent: Element | null = node.parentElement;
      node =
        parent ?? ((node.getRootNode() as ShadowRoot).host as Element) ?? null;
    }
    return opacity;
  });
}

// The backend builds the docs with the local mkdocs (techdocs.generator.runIn:
// local) on first view, which takes a while on a busy machine.
test('the TechDocs tab of podinfo renders its documentation', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/podinfo/docs');
  const heading = page.getByRole('heading', { name: 'Where to look' });
  await expect(heading).toBeVisible({ timeout: 110_000 });
  // The first view builds the docs and then offers a refresh to the newer
  // build; a reload shows the stored build directly. (The first view may
  // show an older build from an earlier run, so stylesheets count from here.)
  const failedStylesheets: string[] = [];
  page.on('requestfailed', request => {
    if (request.resourceType() === 'stylesheet') {
      failedStylesheets.push(request.url());
    }
  });
  await page.reload();
  await expect(heading).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('podinfo-staging').first()).toBeVisible();
  // The reader's sync check has finished: nothing is loading any more.
  await expect(page.getByRole('progressbar')).toHaveCount(0, {
    timeout: 60_000,
  });
  // What a user sees: the docs inside the reader's shadow root are laid out
  // and not hidden behind the reader's "styles still loading" opacity.
  await expect.poll(() => effectiveOpacity(heading)).toBe(1);
  const box = await heading.boundingBox();
  expect(box?.width).toBeGreaterThan(0);
  expect(box?.height).toBeGreaterThan(0);
  expect(failedStylesheets).toEqual([]);
  await heading.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${artifacts}/techdocs.png` });
});
