/*
 * Jest setup file (root package.json `jest.setupFiles`, so every package's
 * tests load it): a test fails when it, or code it calls, touches the file
 * system outside the repository, the OS temp directory and the system
 * locations tools are installed in. That keeps `./scripts/test` meaningful
 * on a plain clone with no sibling folders (such as documentation kept beside the checkout).
 *
 * How it works: the `fs`, `fs/promises` and `child_process` functions are
 * wrapped once per Jest worker (core modules are shared by every test file a
 * worker runs). A path outside the allowed roots makes the call throw at
 * once and is recorded; an `afterEach` hook fails the test that made it,
 * even when the test swallowed the error. Child processes are checked for
 * their `cwd`, their executable and every argument that is a path reaching
 * outside (`../x`, or an absolute path that exists on disk).
 *
 * Limits (deliberate, to stay cheap): paths are checked lexically (a symlink
 * inside the repository pointing out is not followed), and what a child
 * process opens by itself is not seen.
 */
const fs = require('node:fs');
const childProcess = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { fileURLToPath } = require('node:url');

const STATE = Symbol.for('drktrc.repositoryBoundary');

function realpathOrSelf(p) {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function createState() {
  const repoRoot = path.resolve(__dirname, '..', '..');
  const roots = new Set(
    [
      repoRoot,
      realpathOrSelf(repoRoot),
      os.tmpdir(),
      realpathOrSelf(os.tmpdir()),
      // System and tool locations (binaries, libraries, CA certificates,
      // time zones, /proc for process information, /dev/null).
      '/usr',
      '/bin',
      '/sbin',
      '/lib',
      '/lib32',
      '/lib64',
      '/libx32',
      '/etc',
      '/proc',
      '/sys',
      '/dev',
      path.dirname(process.execPath),
      // Tool locations on PATH (kubectl, go and git may live outside /usr,
      // e.g. in ~/go/bin); never the repository's parent folders.
      ...(process.env.PATH ?? '')
        .split(path.delimiter)
        .filter(
          dir =>
            path.isAbsolute(dir) &&
            path.resolve(dir) !== '/' &&
            !repoRoot.startsWith(path.resolve(dir) + path.sep),
        ),
      // Well-known locations that libraries probe for: the in-cluster
      // service account (@kubernetes/client-node) and the Azure Arc identity
      // agent (@azure/identity, through the Backstage Kubernetes backend).
      '/var/run/secrets/kubernetes.io/serviceaccount',
      '/run/secrets/kubernetes.io/serviceaccount',
      '/opt/azcmagent/bin/himds',
    ].map(p => path.resolve(p)),
  );
  return { repoRoot, roots: [...roots], violations: [] };
}

const state = fs[STATE] ?? (fs[STATE] = createState());

function isAllowed(absolute) {
  // The file system root's own entries, such as /.sops.yaml: config
  // searches that walk up from os.tmpdir() end there. Never a folder that
  // holds the repository.
  if (
    path.dirname(absolute) === path.parse(absolute).root &&
    !state.repoRoot.startsWith(absolute + path.sep)
  ) {
    return true;
  }
  return state.roots.some(
    root =>
      absolute === root ||
      absolute.startsWith(root.endsWith(path.sep) ? root : root + path.sep),
  );
}

function toPath(value) {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (value instanceof URL) {
    return value.protocol === 'file:' ? fileURLToPath(value) : undefined;
  }
  return undefined; // file descriptors and anything else
}

function violation(what, target) {
  const message =
    `drktrc repository boundary: ${what} ${target} is outside the ` +
    `repository (${state.repoRoot}); tests may only use the repository, ` +
    `os.tmpdir() and system locations. Get upstream data at set-up into ` +
    `.tools/ instead.`;
  state.violations.push(message);
  const error = new Error(message);
  error.code = 'EDRKTRCOUTSIDE';
  return error;
}

function checkPath(what, value, cwd = process.cwd()) {
  const p = toPath(value);
  if (p === undefined || p === '') return;
  const absolute = path.resolve(cwd, p);
  if (!isAllowed(absolute)) throw violation(what, absolute);
}

// fs functions and which arguments are paths.
const FS_PATH_ARGS = {
  access: [0],
  appendFile: [0],
  chmod: [0],
  chown: [0],
  copyFile: [0, 1],
  cp: [0, 1],
  createReadStream: [0],
  createWriteStream: [0],
  exists: [0],
  lchown: [0],
  link: [0, 1],
  lstat: [0],
  lutimes: [0],
  mkdir: [0],
  mkdtemp: [0],
  open: [0],
  openAsBlob: [0],
  opendir: [0],
  readdir: [0],
  readFile: [0],
  readlink: [0],
  realpath: [0],
  rename: [0, 1],
  rm: [0],
  rmdir: [0],
  stat: [0],
  statfs: [0],
  symlink: [1],
  truncate: [0],
  unlink: [0],
  utimes: [0],
  watch: [0],
  watchFile: [0],
  writeFile: [0],
};

function wrap(target, name, check, { rejects = false } = {}) {
  const original = target[name];
  if (typeof original !== 'function') return;
  const wrapped = function (...args) {
    try {
      check(args);
    } catch (error) {
      // Promise APIs reject instead of throwing, like the real failure would.
      if (rejects) return Promise.reject(error);
      throw error;
    }
    return original.apply(this, args);
  };
  Object.defineProperties(
    wrapped,
    Object.getOwnPropertyDescriptors(original), // e.g. realpathSync.native
  );
  target[name] = wrapped;
}

function guardFs(target, names, options) {
  for (const [name, indexes] of Object.entries(FS_PATH_ARGS)) {
    for (const variant of names(name)) {
      wrap(
        target,
        variant,
        args => {
          for (const i of indexes) checkPath(`fs.${variant}`, args[i]);
        },
        options,
      );
    }
  }
}

/** Arguments that are paths reaching outside: `../x` or existing absolute paths. */
function checkArgs(what, args, cwd) {
  for (const arg of args) {
    if (typeof arg !== 'string') continue;
    const value = arg.startsWith('-') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (value.startsWith('../') || value.startsWith('./')) {
      checkPath(what, value, cwd);
    } else if (value.startsWith('/') && !isAllowed(path.resolve(value))) {
      let exists = false;
      try {
        state.originalStatSync(value);
        exists = true;
      } catch {
        // not a path on disk (e.g. a URL path such as /api/v1)
      }
      if (exists) throw violation(what, path.resolve(value));
    }
  }
}

function checkSpawn(what, file, args, options) {
  const opts = (Array.isArray(args) ? options : args) ?? {};
  const list = Array.isArray(args) ? args : [];
  const cwd = toPath(opts.cwd);
  if (cwd !== undefined) checkPath(`${what} cwd`, cwd);
  const base = cwd ? path.resolve(cwd) : process.cwd();
  if (typeof file === 'string' && file.includes('/')) {
    checkPath(`${what} executable`, file, base);
  }
  checkArgs(`${what} argument`, list, base);
}

function checkShell(what, command, options) {
  const cwd = toPath(options?.cwd);
  if (cwd !== undefined) checkPath(`${what} cwd`, cwd);
  const base = cwd ? path.resolve(cwd) : process.cwd();
  if (typeof command === 'string') {
    checkArgs(
      `${what} command`,
      command.split(/\s+/).map(t => t.replace(/^['"]|['"]$/g, '')),
      base,
    );
  }
}

if (!state.installed) {
  state.installed = true;
  state.originalStatSync = fs.statSync;
  guardFs(fs, name => [name, `${name}Sync`]);
  guardFs(fs.promises, name => [name], { rejects: true });
  for (const name of [
    'spawn',
    'spawnSync',
    'execFile',
    'execFileSync',
    'fork',
  ]) {
    wrap(childProcess, name, ([file, args, options]) =>
      checkSpawn(`child_process.${name}`, file, args, options),
    );
  }
  for (const name of ['exec', 'execSync']) {
    wrap(childProcess, name, ([command, options]) =>
      checkShell(`child_process.${name}`, command, options),
    );
  }
}

// Each test file starts clean; leftovers belong to an earlier file.
state.violations.length = 0;

function assertInsideRepository() {
  if (state.violations.length === 0) return;
  const found = state.violations.splice(0);
  throw new Error([...new Set(found)].join('\n'));
}

state.assertInsideRepository = assertInsideRepository;

// Jest installs its globals (afterEach, ...) after the setup files ran: catch
// the assignment and register the check as the first afterEach hook.
Object.defineProperty(globalThis, 'afterEach', {
  configurable: true,
  enumerable: true,
  get: () => undefined,
  set(afterEach) {
    Object.defineProperty(globalThis, 'afterEach', {
      configurable: true,
      enumerable: true,
      writable: true,
      value: afterEach,
    });
    afterEach(assertInsideRepository);
  },
});
