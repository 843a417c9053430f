import { expect, test } from '@playwright/test';
import { artifacts, asDeveloperAlex, signInAsGuest } from './helpers';

test("podinfo's GitOps tab shows HPA, certificates, Flux and the unreachable cluster beside the dev cluster", async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/podinfo/gitops');
  await expect(page.getByText('Development cluster').first()).toBeVisible();

  const hpa = page
    .getByRole('table', { name: 'Horizontal Pod Autoscalers' })
    .first();
  await expect(hpa.getByText('At max replicas').first()).toBeVisible();
  await expect(
    hpa.getByText(/^Resource cpu: \d+% \/ \d+%$/).first(),
  ).toBeVisible();
  await expect(hpa.getByText(/^Resource memory: /).first()).toBeVisible();
  await expect(
    hpa.getByText(/^Pods http_requests_per_second: /).first(),
  ).toBeVisible();

  const certs = page.getByRole('table', { name: 'Certificates' }).first();
  await expect(
    certs.getByText(/^Expires in (9|10) days \(under 30\)\.$/),
  ).toBeVisible();

  const ks = page.getByRole('table', { name: 'Kustomizations' }).first();
  const stalled = ks.getByRole('row').filter({ hasText: 'podinfo-staging' });
  await expect(stalled.getByText('Failed (BuildFailed)')).toBeVisible();
  await expect(stalled.getByText(/^kustomize build failed: /)).toBeVisible();

  const releases = page.getByRole('table', { name: 'HelmReleases' }).first();
  await expect(
    releases.getByText(/^v\d+ deployed: podinfo /).first(),
  ).toBeVisible();
  await expect(
    releases.getByText(/^v\d+ superseded: podinfo /).first(),
  ).toBeVisible();

  await expect(
    page.getByText('Unreachable cluster', { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByText(/Could not read everything from Unreachable cluster/),
  ).toBeVisible();
  await page.screenshot({
    path: `${artifacts}/gitops-tab.png`,
    fullPage: true,
  });
});

test('the platform-team guest reconciles a Kustomization and sees Flux handle it', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/podinfo/gitops');
  const row = page
    .getByRole('table', { name: 'Kustomizations' })
    .first()
    .getByRole('row')
    .filter({ hasText: 'flux-system/podinfo-production' });
  const button = row.getByRole('button', { name: 'Reconcile now' });
  await expect(button).toBeEnabled();
  await button.click();
  await expect(
    page.getByText(
      'Reconcile requested for Kustomization flux-system/podinfo-production',
    ),
  ).toBeVisible();
  await page.screenshot({
    path: `${artifacts}/gitops-reconcile-requested.png`,
    fullPage: true,
  });
  // The dev cluster's simulated kustomize-controller handles the request.
  await expect(row.getByText(/^Ready/)).toBeVisible();
  await expect(row.getByText(/not handled yet/)).toHaveCount(0);
  await expect(
    row.getByRole('button', { name: 'Reconcile now' }),
  ).toBeEnabled();
  await page.screenshot({
    path: `${artifacts}/gitops-reconciled.png`,
    fullPage: true,
  });
});

test('the fleet page is the home page and lists podinfo and the unreachable cluster', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/');
  await expect(
    page.getByRole('heading', { name: 'GitOps fleet' }),
  ).toBeVisible();
  const table = page.getByRole('table', { name: 'GitOps fleet' });
  await expect(table.getByRole('link', { name: /podinfo/ })).toBeVisible();
  await expect(table.getByText(/Development cluster/).first()).toBeVisible();
  await expect(
    page.getByText(/Could not read everything from Unreachable cluster/),
  ).toBeVisible();
  await page.screenshot({
    path: `${artifacts}/gitops-fleet.png`,
    fullPage: true,
  });
});

test('alex, a developer outside the platform team, sees the GitOps tab but may not reconcile or suspend', async ({
  page,
}) => {
  // Development-only sign-in as another catalog user (app-config.yaml, dev-user).
  await asDeveloperAlex(page);
  await page.goto('/catalog/default/component/podinfo/gitops');
  const row = page
    .getByRole('table', { name: 'Kustomizations' })
    .first()
    .getByRole('row')
    .filter({ hasText: 'flux-system/podinfo-production' });
  await expect(row.getByText(/^Ready/)).toBeVisible();
  await expect(
    row.getByRole('button', { name: 'Reconcile now' }),
  ).toBeDisabled();
  await expect(row.getByRole('button', { name: 'Suspend' })).toBeDisabled();
  await page.screenshot({
    path: `${artifacts}/gitops-developer.png`,
    fullPage: true,
  });
});

test('alex, a developer outside the platform team, still sees pod logs on the Kubernetes tab', async ({
  page,
}) => {
  await asDeveloperAlex(page);
  await page.goto('/catalog/default/component/podinfo/kubernetes');
  // The stock Kubernetes plugin: cluster, then the production Deployment's
  // pods, then one pod's drawer.
  const cluster = page.getByRole('button', {
    name: /^Development cluster Cluster/,
  });
  await expect(cluster).toBeVisible();
  if ((await cluster.getAttribute('aria-expanded')) !== 'true') {
    await cluster.click();
  }
  const production = page
    .getByRole('button', {
      name: /^podinfo Deployment namespace: podinfo-production/,
    })
    .first();
  await production.getByText(/^\d+ pods$/).click();
  await page
    .getByRole('button', { name: /^podinfo-[a-z0-9]+-[a-z0-9]+$/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'get logs' }).first().click();
  const dialog = page.getByRole('dialog').last();
  await expect(dialog.getByText(/logs on cluster/)).toBeVisible();
  await expect(dialog.getByText(/Starting podinfo/)).toBeVisible();
  await expect(dialog.getByText(/request completed/).first()).toBeVisible();
  await expect(page.getByText(/403|Forbidden|not allowed/i)).toHaveCount(0);
  await page.screenshot({
    path: `${artifacts}/pod-logs-developer.png`,
    fullPage: true,
  });
});
