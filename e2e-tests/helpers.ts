import { expect, Page } from '@playwright/test';

/** Where screenshots go (kept by scripts/test with the other results). */
export const artifacts = 'e2e-artifacts/screenshots';

/** The development sign-in as another catalog user (dev-user provider). */
export async function asDeveloperAlex(page: Page) {
  await page.addInitScript(() =>
    window.localStorage.setItem('drktrc.devSignInAs', 'alex'),
  );
}

async function expectSignedIn(page: Page) {
  // The sidebar's <nav> wrapper has no box of its own; its links do.
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expectSignedIn(page);
}

/** Signs in as alex, a developer outside the platform team. */
export async function signInAsDeveloper(page: Page) {
  await asDeveloperAlex(page);
  await page.goto('/');
  await expectSignedIn(page);
}
