import { expect, Page } from '@playwright/test';

/** Where screenshots go (kept by scripts/test with the other results). */
export const artifacts = 'e2e-artifacts/screenshots';

export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  // The sidebar's <nav> wrapper has no box of its own; its links do.
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}
