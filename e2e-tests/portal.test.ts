import { expect, test } from '@playwright/test';
import { artifacts, signInAsGuest } from './helpers';

test('the home page loads and offers guest sign-in', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle(/drktrc/);
  await page.screenshot({ path: `${artifacts}/sign-in.png`, fullPage: true });
  await signInAsGuest(page);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Create', exact: true }),
  ).toBeVisible();
  await page.screenshot({ path: `${artifacts}/home.png`, fullPage: true });
});

test('the catalog lists the podinfo component', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/catalog?filters[kind]=component&filters[user]=all');
  const link = page.getByRole('link', { name: 'podinfo', exact: true });
  await expect(link).toBeVisible();
  await page.screenshot({ path: `${artifacts}/catalog.png`, fullPage: true });
  await link.click();
  await expect(
    page.getByRole('heading', { name: 'podinfo' }).first(),
  ).toBeVisible();
  await page.screenshot({ path: `${artifacts}/podinfo.png`, fullPage: true });
});

test('the repository templates appear under Create', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/create');
  await expect(page.getByText('GitOps service on GKE')).toBeVisible();
  // The guest is a platform-team member: the platform-only template shows.
  await expect(page.getByText('Register a Kubernetes cluster')).toBeVisible();
  await page.screenshot({ path: `${artifacts}/create.png`, fullPage: true });
});

test('the Kubernetes tab shows the development cluster and the unreachable one as an error', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/podinfo/kubernetes');
  await expect(page.getByText('Development cluster').first()).toBeVisible();
  await expect(
    page.getByText('Unreachable cluster', { exact: true }),
  ).toBeVisible();
  // The failing cluster is reported beside the results, not instead of them.
  await page
    .getByText('There was a problem retrieving Kubernetes objects')
    .click();
  await expect(page.getByText('Cluster: Unreachable cluster')).toBeVisible();
  await page.screenshot({
    path: `${artifacts}/kubernetes.png`,
    fullPage: true,
  });
});
