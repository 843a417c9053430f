import { expect, test } from '@playwright/test';
import { artifacts, signInAsGuest } from './helpers';

// The backend builds the docs with the local mkdocs (techdocs.generator.runIn:
// local) on first view, which takes a while on a busy machine.
test('the TechDocs tab of podinfo renders its documentation', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/podinfo/docs');
  await expect(
    page.getByRole('heading', { name: 'Where to look' }),
  ).toBeVisible({ timeout: 110_000 });
  // The first view builds the docs and then offers a refresh to the newer
  // build; a reload shows the stored build directly.
  await page.reload();
  await expect(
    page.getByRole('heading', { name: 'Where to look' }),
  ).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('podinfo-staging').first()).toBeVisible();
  // The reader's sync check has finished: nothing is loading any more.
  await expect(page.getByRole('progressbar')).toHaveCount(0, {
    timeout: 60_000,
  });
  const heading = page.getByRole('heading', { name: 'Where to look' });
  await heading.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${artifacts}/techdocs.png` });
});
