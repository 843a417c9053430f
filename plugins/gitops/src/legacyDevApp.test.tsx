import { registerMswTestHooks } from '@backstage/test-utils';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import { setupServer } from 'msw/node';
import { fleet } from './__fixtures__/status';
import { createGitopsDevApp } from '../dev/devApp';

// Building a whole app (default APIs, theme, routes) takes a while in jsdom.
jest.setTimeout(60_000);

describe('the legacy dev app', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('mounts the legacy fleet page, which loads through the plugin API', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'gitops dev', baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
    server.use(
      rest.post('http://localhost:7007/api/gitops/fleet', (_req, res, ctx) =>
        res(ctx.json(fleet)),
      ),
      rest.get(
        'http://localhost:7007/api/kubernetes/clusters',
        (_req, res, ctx) =>
          res(
            ctx.json({
              items: [{ name: 'dev-cluster', authProvider: 'serviceAccount' }],
            }),
          ),
      ),
    );
    window.history.pushState({}, '', '/gitops');
    const App = createGitopsDevApp().build();
    render(<App />);
    // The dev app's sign-in page: enter as guest. There is no auth backend
    // here, so accept the page's offer of the frontend-only guest token.
    window.confirm = () => true;
    await userEvent.click(await screen.findByRole('button', { name: 'Enter' }));
    expect(
      await screen.findByText('GitOps fleet', {}, { timeout: 40_000 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: /podinfo/ }),
    ).toBeInTheDocument();
  });
});
