/**
 * The values of the GitOps service template (templates/gitops-service), the
 * rules that the form's JSON schema states, checked again on the server by
 * the `gitops:service:check` action, and the per-environment facts derived
 * from them. Pure: no I/O.
 */

/** Google Cloud regions the template offers (the form's enum is this list). */
export const GCP_REGIONS = [
  'asia-east1',
  'asia-northeast1',
  'asia-south1',
  'asia-southeast1',
  'australia-southeast1',
  'europe-north1',
  'europe-west1',
  'europe-west2',
  'europe-west3',
  'europe-west4',
  'europe-west6',
  'northamerica-northeast1',
  'southamerica-east1',
  'us-central1',
  'us-east1',
  'us-east4',
  'us-west1',
  'us-west2',
] as const;

export const GCP_ZONE_SUFFIXES = ['a', 'b', 'c', 'd', 'f'] as const;
export const GKE_RELEASE_CHANNELS = ['RAPID', 'REGULAR', 'STABLE'] as const;
export const CERTIFICATE_ISSUERS = [
  'letsencrypt-staging',
  'letsencrypt-production',
  'managed-certificate',
] as const;

/** Cluster settings of one environment, as the form collects them. */
export interface ClusterValues {
  environment: string;
  name?: string;
  releaseChannel: (typeof GKE_RELEASE_CHANNELS)[number];
  machineType: string;
  minNodesPerZone: number;
  maxNodesPerZone: number;
  privateEndpoint?: boolean;
  authorizedNetworks?: string[];
}

/** The non-secret values of the template. */
export interface ServiceValues {
  name: string;
  system: string;
  description: string;
  image: string;
  imageTag: string;
  projectId: string;
  region: string;
  zones: string[];
  environments: string[];
  stateBucket: string;
  clusters: ClusterValues[];
  baseDomain: string;
  hosts: string[];
  acmeEmail: string;
  issuer: (typeof CERTIFICATE_ISSUERS)[number];
  minReplicas: number;
  maxReplicas: number;
  appSecretName: string;
}

/** What one environment renders with. */
export interface EnvironmentPlan {
  name: string;
  index: number;
  cluster: ClusterValues & { name: string };
  /** `baseDomain` for production, `<env>.<baseDomain>` otherwise. */
  domain: string;
  /** Every host of the environment (`@` is the domain itself). */
  hostnames: string[];
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const DOMAIN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const RULES: Record<
  string,
  { pattern: RegExp; example: string; max?: number }
> = {
  name: { pattern: DNS_LABEL, example: 'checkout', max: 63 },
  system: { pattern: DNS_LABEL, example: 'demo', max: 63 },
  description: {
    pattern: /^[A-Za-z0-9 .,:;()/+_-]+$/,
    example: 'Serves the product pages',
    max: 200,
  },
  image: {
    pattern:
      /^[a-z0-9]+([._-][a-z0-9]+)*(\.[a-z0-9-]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+$/,
    example: 'ghcr.io/stefanprodan/podinfo',
    max: 200,
  },
  imageTag: {
    pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
    example: '6.9.2',
  },
  projectId: {
    pattern: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
    example: 'acme-shop-prod',
  },
  stateBucket: {
    pattern: /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/,
    example: 'acme-shop-tfstate',
  },
  baseDomain: { pattern: DOMAIN, example: 'shop.example.com', max: 200 },
  acmeEmail: {
    pattern:
      /^[A-Za-z0-9._%+-]+@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    example: 'platform@example.com',
    max: 200,
  },
  appSecretName: { pattern: /^[A-Z][A-Z0-9_]{0,62}$/, example: 'API_KEY' },
};

/** Text that must never reach a rendered file: template syntax, quotes, path escapes, control characters. */
const HOSTILE: Array<[RegExp, string]> = [
  // eslint-disable-next-line no-control-regex
  [/[\x00-\x1f\x7f]/, 'a newline or control character'],
  [/"/, 'a double quote'],
  [/\$\{/, "'${'"],
  [/\{\{|\}\}/, "'{{'"],
  [/\{%|%\}/, "'{%'"],
  [/\{#/, "'{#'"],
  [/(^|\/)\.\.(\/|$)/, "'../'"],
];

/** True for an IPv4 CIDR such as 10.0.0.0/8 (no host bits checked). */
export function isIpv4Cidr(value: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(
    value,
  );
  if (!m) return false;
  return (
    m.slice(1, 5).every(o => Number(o) <= 255 && String(Number(o)) === o) &&
    Number(m[5]) <= 32
  );
}

function hostileProblems(value: unknown, field: string, out: string[]) {
  if (typeof value === 'string') {
    for (const [re, what] of HOSTILE) {
      if (re.test(value)) {
        out.push(`${field} must not contain ${what}`);
        return;
      }
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => hostileProblems(v, `${field}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      hostileProblems(v, `${field}.${k}`, out);
  }
}

const intIn = (v: unknown, min: number, max: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/**
 * Checks the template values; every problem names its field and the fix.
 * Returns the per-environment plan when there is none.
 */
export function checkServiceValues(input: unknown): {
  problems: string[];
  environments: EnvironmentPlan[];
} {
  const problems: string[] = [];
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return { problems: ['values must be an object'], environments: [] };
  }
  const v = input as Partial<ServiceValues>;
  const fieldsBefore = problems.length;
  for (const [k, value] of Object.entries(v))
    hostileProblems(value, k, problems);
  const hostile = new Set(
    problems.slice(fieldsBefore).map(p => p.split(/[ .[]/)[0]),
  );

  for (const [field, rule] of Object.entries(RULES)) {
    if (hostile.has(field)) continue;
    const value = (v as Record<string, unknown>)[field];
    if (typeof value !== 'string' || value.length === 0) {
      problems.push(`${field} is required (example: ${rule.example})`);
    } else if (rule.max && value.length > rule.max) {
      problems.push(
        `${field} is longer than ${rule.max} characters; use at most ${rule.max}`,
      );
    } else if (!rule.pattern.test(value)) {
      problems.push(
        `${field} '${value}' is not valid (example: ${rule.example})`,
      );
    }
  }
  if (
    !hostile.has('region') &&
    !(GCP_REGIONS as readonly unknown[]).includes(v.region)
  ) {
    problems.push(
      `region '${String(
        v.region,
      )}' is not a Google Cloud region the template knows (example: europe-west2)`,
    );
  }
  if (!(CERTIFICATE_ISSUERS as readonly unknown[]).includes(v.issuer)) {
    problems.push(`issuer must be one of ${CERTIFICATE_ISSUERS.join(', ')}`);
  }

  const zones = Array.isArray(v.zones) ? v.zones : [];
  if (zones.length === 0)
    problems.push('zones must list at least one zone (example: a, b, c)');
  zones.forEach((z, i) => {
    if (!(GCP_ZONE_SUFFIXES as readonly unknown[]).includes(z))
      problems.push(
        `zones[${i}] must be one of ${GCP_ZONE_SUFFIXES.join(', ')}`,
      );
  });
  if (new Set(zones).size !== zones.length)
    problems.push('zones must not repeat a zone');

  const envs = Array.isArray(v.environments) ? v.environments : [];
  if (envs.length === 0)
    problems.push(
      'environments must list at least one environment (example: staging)',
    );
  const seen = new Set<string>();
  envs.forEach((e, i) => {
    if (
      typeof e !== 'string' ||
      !/^[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$/.test(e)
    ) {
      if (!hostile.has('environments'))
        problems.push(
          `environments[${i}] must be a DNS label of at most 20 characters (example: staging)`,
        );
    } else if (seen.has(e)) {
      problems.push(
        `environments[${i}] '${e}' is a duplicate environment; name each environment once`,
      );
    }
    if (typeof e === 'string') seen.add(e);
  });

  const hosts = Array.isArray(v.hosts) ? v.hosts : [];
  if (hosts.length === 0)
    problems.push('hosts must list at least one host (example: @, api)');
  hosts.forEach((h, i) => {
    if (typeof h !== 'string' || !(h === '@' || DNS_LABEL.test(h)))
      if (!hostile.has('hosts'))
        problems.push(`hosts[${i}] must be @ or a DNS label (example: api)`);
  });
  if (new Set(hosts).size !== hosts.length)
    problems.push('hosts must not repeat a host');

  if (!intIn(v.minReplicas, 1, 100))
    problems.push('minReplicas must be a whole number from 1 to 100');
  if (!intIn(v.maxReplicas, 1, 500))
    problems.push('maxReplicas must be a whole number from 1 to 500');
  if (
    intIn(v.minReplicas, 1, 100) &&
    intIn(v.maxReplicas, 1, 500) &&
    v.minReplicas! > v.maxReplicas!
  )
    problems.push('minReplicas must not be greater than maxReplicas');

  const clusters = Array.isArray(v.clusters) ? v.clusters : [];
  const byEnv = new Map<string, ClusterValues>();
  clusters.forEach((c, i) => {
    const f = `clusters[${i}]`;
    if (!c || typeof c !== 'object') {
      problems.push(`${f} must be an object`);
      return;
    }
    if (!envs.includes(c.environment)) {
      problems.push(
        `${f}.environment '${String(
          c.environment,
        )}' is not in environments (${envs.join(', ')}); use one of them`,
      );
    } else if (byEnv.has(c.environment)) {
      problems.push(
        `${f}.environment '${c.environment}' is a duplicate environment; give each environment one cluster`,
      );
    } else {
      byEnv.set(c.environment, c);
    }
    if (
      c.name !== undefined &&
      c.name !== '' &&
      !DNS_LABEL.test(String(c.name))
    )
      problems.push(
        `${f}.name must be a DNS label (example: checkout-staging)`,
      );
    if (
      !(GKE_RELEASE_CHANNELS as readonly unknown[]).includes(c.releaseChannel)
    )
      problems.push(
        `${f}.releaseChannel must be one of ${GKE_RELEASE_CHANNELS.join(', ')}`,
      );
    if (
      typeof c.machineType !== 'string' ||
      !/^[a-z][a-z0-9]*-[a-z0-9]+(-[0-9]+)?$/.test(c.machineType)
    )
      problems.push(
        `${f}.machineType is not a machine type (example: e2-standard-4)`,
      );
    if (!intIn(c.minNodesPerZone, 0, 100))
      problems.push(
        `${f}.minNodesPerZone must be a whole number from 0 to 100`,
      );
    if (!intIn(c.maxNodesPerZone, 1, 100))
      problems.push(
        `${f}.maxNodesPerZone must be a whole number from 1 to 100`,
      );
    if (
      intIn(c.minNodesPerZone, 0, 100) &&
      intIn(c.maxNodesPerZone, 1, 100) &&
      c.minNodesPerZone > c.maxNodesPerZone
    )
      problems.push(
        `${f}.minNodesPerZone must not be greater than maxNodesPerZone`,
      );
    (Array.isArray(c.authorizedNetworks) ? c.authorizedNetworks : []).forEach(
      (cidr, j) => {
        if (typeof cidr !== 'string' || !isIpv4Cidr(cidr))
          problems.push(
            `${f}.authorizedNetworks[${j}] is not an IPv4 CIDR (example: 203.0.113.0/24)`,
          );
      },
    );
  });
  envs.forEach(e => {
    if (typeof e === 'string' && seen.has(e) && !byEnv.has(e))
      problems.push(`clusters has no entry for environment '${e}'; add one`);
  });

  if (problems.length > 0) return { problems, environments: [] };
  const environments = [...new Set(envs)].map((env, index) => {
    const domain =
      env === 'production' ? v.baseDomain! : `${env}.${v.baseDomain}`;
    const cluster = byEnv.get(env)!;
    return {
      name: env,
      index,
      cluster: {
        ...cluster,
        name: cluster.name || `${v.name}-${env}`,
        privateEndpoint: cluster.privateEndpoint ?? false,
        authorizedNetworks: cluster.authorizedNetworks ?? [],
      },
      domain,
      hostnames: hosts.map(h => (h === '@' ? domain : `${h}.${domain}`)),
    };
  });
  return { problems, environments };
}
