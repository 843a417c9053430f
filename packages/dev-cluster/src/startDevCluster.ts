import { createServer, Server } from 'node:https';
import { randomBytes } from 'node:crypto';
import {
  promises as fs,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { Socket } from 'node:net';
import { createHandler } from './server';
import { ObjectStore, StoreSnapshot } from './store';
import {
  CertificateAuthority,
  generateCertificateAuthority,
  issueServingCertificate,
} from './tls';
import { backstageConfigYaml, kubeconfigYaml } from './kubeconfig';
import { seedCluster, SeedOptions } from './seed';
import { startControllers, ControllerOptions } from './controllers';

/** The default port of `yarn drktrc dev-cluster`. */
export const DEFAULT_PORT = 16443;

export interface DevClusterOptions {
  /** Directory for kubeconfig, ca.crt, ca.key, token and app-config.kubernetes.yaml. */
  stateDir: string;
  /** Port on 127.0.0.1; 0 picks a free one. Defaults to 16443. */
  port?: number;
  /** Extra components beyond podinfo, with varied states. */
  components?: number;
  /** Delay added before every response, in milliseconds. */
  latencyMs?: number;
  /** JSON file objects are loaded from (when it exists) and saved to. */
  stateFile?: string;
  /** Skip the podinfo seed (an empty cluster with only namespaces). */
  seed?: boolean;
  /** Simulated controller timings; `false` turns the controllers off. */
  controllers?: Partial<ControllerOptions> | false;
  /** How many past changes a watch can resume from (default 5000); older resourceVersions get 410 Expired. */
  watchHistory?: number;
  /** Start time the seed is relative to (for deterministic fixtures). */
  now?: () => number;
}

export interface DevCluster {
  /** `https://127.0.0.1:<port>` */
  url: string;
  port: number;
  token: string;
  caPem: string;
  kubeconfigPath: string;
  /** The Backstage config fragment (`--config` it). */
  appConfigPath: string;
  /** A loopback URL nothing listens on (the "unreachable" cluster). */
  unreachableUrl: string;
  store: ObjectStore;
  /** Writes the state file now (when one is configured). */
  save(): Promise<void>;
  /** Stops controllers, ends watches, closes the server, saves state. */
  close(): Promise<void>;
}

function loadOrCreate<T>(
  path: string,
  create: () => T,
  read: (text: string) => T,
): T {
  if (existsSync(path)) return read(readFileSync(path, 'utf8'));
  return create();
}

async function certificateAuthority(
  stateDir: string,
): Promise<CertificateAuthority> {
  const certPath = join(stateDir, 'ca.crt');
  const keyPath = join(stateDir, 'ca.key');
  if (existsSync(certPath) && existsSync(keyPath)) {
    return {
      certPem: readFileSync(certPath, 'utf8'),
      keyPem: readFileSync(keyPath, 'utf8'),
    };
  }
  const ca = await generateCertificateAuthority();
  writeFileSync(certPath, ca.certPem);
  writeFileSync(keyPath, ca.keyPem, { mode: 0o600 });
  return ca;
}

/**
 * The "unreachable" cluster: loopback port 1 (tcpmux), where nothing listens,
 * so connections are refused at once and the URL is the same on every start.
 */
export const UNREACHABLE_URL = 'https://127.0.0.1:1';

/**
 * Starts the development cluster: an HTTPS Kubernetes API on 127.0.0.1 with
 * a generated CA and bearer token, seeded with the podinfo demo.
 */
export async function startDevCluster(
  options: DevClusterOptions,
): Promise<DevCluster> {
  const stateDir = resolve(options.stateDir);
  mkdirSync(stateDir, { recursive: true });
  const ca = await certificateAuthority(stateDir);
  const serving = await issueServingCertificate(ca);
  const tokenPath = join(stateDir, 'token');
  const token = loadOrCreate(
    tokenPath,
    () => {
      const t = randomBytes(24).toString('base64url');
      writeFileSync(tokenPath, `${t}\n`, { mode: 0o600 });
      return t;
    },
    text => text.trim(),
  );

  const store = new ObjectStore({ historySize: options.watchHistory });
  const stateFile = options.stateFile ? resolve(options.stateFile) : undefined;
  const now = options.now ?? Date.now;
  if (stateFile && existsSync(stateFile)) {
    store.load(JSON.parse(readFileSync(stateFile, 'utf8')) as StoreSnapshot);
  } else {
    const seedOptions: SeedOptions = {
      components: options.components ?? 0,
      now: now(),
      podinfo: options.seed !== false,
    };
    seedCluster(store, seedOptions);
  }

  const abort = new AbortController();
  let port = options.port ?? DEFAULT_PORT;
  const handler = createHandler({
    store,
    token,
    latencyMs: options.latencyMs,
    signal: abort.signal,
    serverAddress: () => `127.0.0.1:${port}`,
  });
  const server: Server = createServer(
    { cert: serving.certPem, key: serving.keyPem, ca: ca.certPem },
    (req, res) => void handler(req, res),
  );
  const sockets = new Set<Socket>();
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  port = (server.address() as { port: number }).port;
  const url = `https://127.0.0.1:${port}`;
  const unreachableUrl = UNREACHABLE_URL;

  const files = { url, token, caPem: ca.certPem, unreachableUrl, stateDir };
  const kubeconfigPath = join(stateDir, 'kubeconfig');
  const appConfigPath = join(stateDir, 'app-config.kubernetes.yaml');
  writeFileSync(kubeconfigPath, kubeconfigYaml(files), { mode: 0o600 });
  writeFileSync(appConfigPath, backstageConfigYaml(files), { mode: 0o600 });

  const stopControllers =
    options.controllers === false
      ? () => {}
      : startControllers(store, { ...options.controllers });

  const save = async () => {
    if (!stateFile) return;
    const tmp = `${stateFile}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(store.snapshot()));
    await fs.rename(tmp, stateFile);
  };

  // Debounced autosave, so a crash loses at most a second of changes.
  let saveTimer: NodeJS.Timeout | undefined;
  let saving = Promise.resolve();
  const stopAutosave = stateFile
    ? store.subscribe(() => {
        if (saveTimer) return;
        saveTimer = setTimeout(() => {
          saveTimer = undefined;
          saving = saving.then(save).catch(() => {});
        }, 1000);
      })
    : () => {};

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      stopAutosave();
      if (saveTimer) clearTimeout(saveTimer);
      await saving;
      stopControllers();
      abort.abort();
      await new Promise<void>(r => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      });
      await save();
    })();
    return closed;
  };

  return {
    url,
    port,
    token,
    caPem: ca.certPem,
    kubeconfigPath,
    appConfigPath,
    unreachableUrl,
    store,
    save,
    close,
  };
}
