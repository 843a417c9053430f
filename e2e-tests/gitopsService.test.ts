import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { artifacts, signInAsDeveloper } from './helpers';

const backend = 'http://localhost:7007';

function git(args: string[], cwd?: string): string {
  return execFileSync('git', args, {
    cwd,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    encoding: 'utf8',
  });
}

test('a developer creates a GitOps service from the form: published, cloneable, in the catalog, no plaintext secret', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const name = `shop-${Date.now().toString(36)}`;
  const redisPassword = `redis-${Math.random().toString(36).slice(2, 12)}`;
  const apiKey = `key-${Math.random().toString(36).slice(2, 12)}`;

  await signInAsDeveloper(page);
  await page.goto('/create/templates/default/gitops-service');

  // Service
  const nameField = page.getByRole('textbox', { name: 'Name' });
  await nameField.fill(name);
  await page.getByRole('textbox', { name: 'Owner' }).click();
  await page.getByRole('option', { name: /developers/ }).click();
  await page.screenshot({
    path: `${artifacts}/gitops-form-service.png`,
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Next' }).click();
  // Google Cloud, Cluster, Domains, Scaling: the defaults
  for (const title of ['Google Cloud', 'Cluster', 'Domains', 'Scaling']) {
    await expect(page.getByText(title).first()).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();
  }
  // Secrets
  await page.getByLabel('Redis password').fill(redisPassword);
  await page.getByLabel('App secret value').fill(apiKey);
  await page.screenshot({
    path: `${artifacts}/gitops-form-secrets.png`,
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Next' }).click();
  // Publish: the portal's git server (default)
  await page.getByRole('button', { name: 'Review' }).click();
  await page.screenshot({
    path: `${artifacts}/gitops-form-review.png`,
    fullPage: true,
  });
  await expect(page.getByText(redisPassword)).toHaveCount(0);
  await page.getByRole('button', { name: 'Create' }).click();

  await expect(
    page.getByText('Finished step Wait for the catalog'),
  ).toBeVisible({
    timeout: 180_000,
  });
  const repositoryLink = page.getByRole('link', { name: 'Repository' });
  await expect(repositoryLink).toBeVisible();
  await expect(
    page.getByText(`git clone ${backend}/api/git-server/git/${name}.git`),
  ).toBeVisible();
  await page.screenshot({
    path: `${artifacts}/gitops-task.png`,
    fullPage: true,
  });

  // The task log as the page shows it.
  const showLogs = page.getByRole('button', { name: /Show Logs/i });
  if (await showLogs.isVisible()) await showLogs.click();
  const taskPage = await page.content();

  // Plain git clone of the published URL.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-clone-'));
  git(['clone', '--quiet', `${backend}/api/git-server/git/${name}.git`, dir]);
  expect(fs.existsSync(path.join(dir, 'catalog-info.yaml'))).toBe(true);
  expect(fs.existsSync(path.join(dir, 'clusters/production/apps.yaml'))).toBe(
    true,
  );
  // Committed as the developer who ran the task.
  expect(git(['log', '--format=%an <%ae>'], dir).trim()).toBe(
    'Alex Developer <alex@example.com>',
  );

  // No plaintext secret anywhere: files, history, the task page and log.
  const files = git(['ls-files'], dir).trim().split('\n');
  const contents = files
    .map(f => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  const history = git(['log', '-p', '--all'], dir);
  for (const secret of [redisPassword, apiKey]) {
    expect(contents.includes(secret)).toBe(false);
    expect(history.includes(secret)).toBe(false);
    expect(taskPage.includes(secret)).toBe(false);
  }
  expect(contents).toContain('ENC[AES256_GCM,');
  fs.rmSync(dir, { recursive: true, force: true });

  // The new component in the catalog, with its links.
  await page.getByRole('link', { name: 'Open in catalog' }).click();
  // The template's gitops:catalog:wait step returned only once the catalog
  // served the component to alex, so the first load shows it: the page is
  // never reloaded (an "Entity not found" page would stay so).
  await expect(page.getByRole('heading', { name }).first()).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Repository' }).first(),
  ).toBeVisible();
  await expect(page.getByText('Entity not found')).toHaveCount(0);
  await expect(
    page.getByRole('link', { name: 'Grafana (production)' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Site (staging)' }),
  ).toBeVisible();
  await page.screenshot({
    path: `${artifacts}/gitops-component.png`,
    fullPage: true,
  });
});
