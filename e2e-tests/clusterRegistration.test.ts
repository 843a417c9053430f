import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, Page, test } from '@playwright/test';
import { artifacts, signInAsDeveloper, signInAsGuest } from './helpers';

const root = path.resolve(__dirname, '..');

/** Fills the register-cluster template for a dev cluster and reviews it. */
async function fillRegisterClusterForm(
  page: Page,
  name: string,
  cluster: { url: string; caPem: string },
) {
  await page.goto('/create/templates/default/register-cluster');
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('textbox', { name: 'Environment' }).fill('development');
  await page.getByRole('textbox', { name: 'Region' }).fill('local');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByLabel('Look the cluster up').click();
  await page
    .getByRole('option', { name: 'API server URL and CA certificate' })
    .click();
  await page.getByRole('textbox', { name: 'API server URL' }).fill(cluster.url);
  await page
    .getByRole('textbox', { name: 'CA certificate (PEM)' })
    .fill(cluster.caPem);
  await page.getByLabel('Auth provider').click();
  await page
    .getByRole('option', {
      name: 'Development cluster token (development only)',
    })
    .click();
  await page.getByRole('button', { name: 'Review' }).click();
}

/**
 * A second development cluster, started the documented way. It shares the
 * portal's dev cluster CA and token (copied into its own state folder), the
 * token the portal's development auth strategy reads from
 * .drktrc/dev-cluster/.
 */
async function startSecondCluster(): Promise<{
  url: string;
  caPem: string;
  process: ChildProcess;
  dir: string;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-dev-2-'));
  const portalState = path.join(root, '.drktrc/dev-cluster');
  for (const f of ['token', 'ca.crt', 'ca.key']) {
    fs.copyFileSync(path.join(portalState, f), path.join(dir, f));
  }
  const child = spawn(
    'yarn',
    ['drktrc', 'dev-cluster', '--port', '0', '--state-dir', dir],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', chunk => {
      out += chunk;
      const m = /dev-cluster listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(
        out,
      );
      if (m) resolve(m[1]);
    });
    child.on('exit', code =>
      reject(new Error(`dev-cluster exited with ${code}: ${out}`)),
    );
  });
  return {
    url,
    caPem: fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8'),
    process: child,
    dir,
  };
}

test.describe('cluster registration', () => {
  let second: Awaited<ReturnType<typeof startSecondCluster>>;

  test.beforeAll(async () => {
    second = await startSecondCluster();
  });

  test.afterAll(async () => {
    second?.process.kill('SIGTERM');
    if (second) fs.rmSync(second.dir, { recursive: true, force: true });
  });

  test('the platform team registers a second dev cluster through the template; podinfo shows it without a restart', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await fillRegisterClusterForm(page, 'dev-2', second);
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(
      page.getByText(/Registration: (created|updated)/),
    ).toBeVisible();
    await page.screenshot({
      path: `${artifacts}/register-cluster.png`,
      fullPage: true,
    });

    await page.goto('/catalog/default/component/podinfo/kubernetes');
    // "Your Clusters" lists the registered cluster with podinfo's pods.
    const card = page.getByRole('button', { name: /^dev-2 Cluster/ });
    await expect(card).toBeVisible();
    await expect(card).toContainText('12 pods');
    await expect(page.getByText('Development cluster').first()).toBeVisible();
    await page.screenshot({
      path: `${artifacts}/kubernetes-registered.png`,
      fullPage: true,
    });

    // The GitOps tab reads through the same Kubernetes plugin locators: the
    // new cluster appears as its own card with its HPA and Flux objects.
    await page.goto('/catalog/default/component/podinfo/gitops');
    const subheader = page.getByText('cluster dev-2', { exact: true });
    await expect(subheader).toBeVisible();
    const gitopsCard = page
      .locator('div')
      .filter({ has: subheader })
      .filter({
        has: page.getByRole('table', { name: 'Horizontal Pod Autoscalers' }),
      })
      .last();
    await expect(gitopsCard.getByText('At max replicas').first()).toBeVisible();
    await expect(
      gitopsCard
        .getByRole('table', { name: 'Kustomizations' })
        .getByText('flux-system/podinfo-production'),
    ).toBeVisible();
    await expect(
      page.getByText(/Could not read everything from dev-2/),
    ).toHaveCount(0);
    await expect(page.getByText('Development cluster').first()).toBeVisible();
    await page.screenshot({
      path: `${artifacts}/gitops-registered.png`,
      fullPage: true,
    });
  });
  test('the developer alex does not see the register-cluster template: not listed, not fetched by ref, nothing registered', async ({
    page,
  }) => {
    await signInAsDeveloper(page);
    await page.goto('/create');
    await expect(page.getByText('GitOps service on GKE')).toBeVisible();
    await expect(page.getByText('Register a Kubernetes cluster')).toHaveCount(
      0,
    );
    await page.screenshot({
      path: `${artifacts}/create-alex.png`,
      fullPage: true,
    });
    // By ref: the catalog does not serve it to him.
    await page.goto('/catalog/default/template/register-cluster');
    await expect(page.getByText('Entity not found').first()).toBeVisible();
    await page.goto('/create/templates/default/register-cluster');
    await expect(
      page.getByText(/Failed to load template/).first(),
    ).toBeVisible();
    await expect(
      page.getByRole('textbox', { name: 'Environment' }),
    ).toHaveCount(0);
    await page.screenshot({
      path: `${artifacts}/register-cluster-hidden.png`,
      fullPage: true,
    });
    await page.goto('/catalog/default/component/podinfo/kubernetes');
    await expect(page.getByText('Development cluster').first()).toBeVisible();
    await expect(page.getByText('dev-alex', { exact: true })).toHaveCount(0);
  });
});
