import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * Generates the JSON schemas kubeconform validates against, from the
 * Kubernetes OpenAPI (swagger 2) document of a release and from upstream CRD
 * YAML. Strict like the API server with field validation on: every object
 * schema that lists its properties rejects unknown ones, unless it preserves
 * unknown fields. Layout: `<group>/<kind>_<version>.json` (core group: `v1`),
 * which is kubeconform's `{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`.
 */

type Schema = Record<string, any>;

/** One kind with a generated schema. @public */
export interface SchemaIndexEntry {
  group: string;
  version: string;
  kind: string;
  file: string;
  source: 'kubernetes' | 'crd';
}

/** The schema-location template for kubeconform. @public */
export const SCHEMA_LOCATION_TEMPLATE =
  '{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json';

/** Name of the index listing every generated kind. @public */
export const SCHEMA_INDEX_FILE = 'index.json';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

function schemaFile(group: string, version: string, kind: string) {
  return path.join(group || 'v1', `${kind.toLowerCase()}_${version}.json`);
}

function withNull(type: unknown): unknown {
  if (Array.isArray(type))
    return type.includes('null') ? type : [...type, 'null'];
  return typeof type === 'string' && type !== 'null' ? [type, 'null'] : type;
}

/**
 * Makes one (sub)schema strict and kubeconform-ready, recursively:
 * unknown properties rejected, int-or-string and quantities as both types,
 * optional fields nullable (the API server drops nulls).
 */
function strictify(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictify);
  if (!schema || typeof schema !== 'object') return schema;
  const s: Schema = {};
  for (const [k, v] of Object.entries(schema as Schema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      const props: Schema = {};
      const required: string[] = Array.isArray((schema as Schema).required)
        ? (schema as Schema).required
        : [];
      for (const [name, prop] of Object.entries(v as Schema)) {
        const p = strictify(prop) as Schema;
        props[name] =
          !required.includes(name) && p && p.type !== undefined
            ? { ...p, type: withNull(p.type) }
            : p;
      }
      s.properties = props;
    } else if (k === 'x-kubernetes-validations') {
      // CEL rules: not evaluated by JSON schema validators.
    } else {
      s[k] = strictify(v);
    }
  }
  if (
    s.format === 'int-or-string' ||
    s['x-kubernetes-int-or-string'] === true
  ) {
    delete s.type;
    delete s.format;
    return { ...s, anyOf: [{ type: 'integer' }, { type: 'string' }] };
  }
  if (s.nullable === true && s.type !== undefined) {
    s.type = withNull(s.type);
  }
  if (
    s.properties &&
    s.additionalProperties === undefined &&
    s['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    s.additionalProperties = false;
  }
  return s;
}

/** Collects the definitions `name` refers to, transitively. */
function closure(definitions: Schema, name: string, into: Set<string>) {
  if (into.has(name)) return;
  into.add(name);
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node as Schema)) {
        if (k === '$ref' && typeof v === 'string') {
          closure(definitions, v.replace('#/definitions/', ''), into);
        } else visit(v);
      }
    }
  };
  visit(definitions[name]);
}

function kubernetesDefinitions(swagger: Schema): Schema {
  const defs: Schema = {};
  for (const [name, def] of Object.entries(swagger.definitions as Schema)) {
    defs[name] = strictify(def);
  }
  // kubectl and the API server accept numbers for quantities.
  defs[QUANTITY] = { anyOf: [{ type: 'string' }, { type: 'number' }] };
  return defs;
}

function standalone(defs: Schema, name: string): Schema {
  const names = new Set<string>();
  closure(defs, name, names);
  const definitions: Schema = {};
  for (const n of [...names].sort()) definitions[n] = defs[n];
  return { ...defs[name], definitions };
}

function writeJson(file: string, value: unknown) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value)}\n`);
}

/** Options of {@link generateSchemas}. @public */
export interface GenerateSchemasOptions {
  /** Path of the Kubernetes `api/openapi-spec/swagger.json`. */
  kubernetesSwagger: string;
  /** Folders or files of CustomResourceDefinition YAML. */
  crds: string[];
  /** Output folder. */
  outDir: string;
}

/**
 * Writes one standalone strict schema per kind and version, plus
 * `index.json` listing them.
 * @public
 */
export function generateSchemas(
  options: GenerateSchemasOptions,
): SchemaIndexEntry[] {
  const index: SchemaIndexEntry[] = [];
  const swagger = JSON.parse(
    fs.readFileSync(options.kubernetesSwagger, 'utf8'),
  ) as Schema;
  const defs = kubernetesDefinitions(swagger);
  for (const [name, def] of Object.entries(swagger.definitions as Schema)) {
    const gvks = (def as Schema)['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks) || gvks.length !== 1) continue; // *Options etc.
    const { group, version, kind } = gvks[0];
    if (kind.endsWith('List') || !(def as Schema).properties?.metadata) {
      continue;
    }
    const file = schemaFile(group, version, kind);
    writeJson(path.join(options.outDir, file), standalone(defs, name));
    index.push({ group, version, kind, file, source: 'kubernetes' });
  }

  // CRDs: their metadata schema is only `type: object`; use ObjectMeta's.
  const objectMeta = standalone(defs, OBJECT_META);
  const crdFiles = options.crds.flatMap(p =>
    fs.statSync(p).isDirectory()
      ? fs
          .readdirSync(p)
          .filter(f => /\.ya?ml$/.test(f))
          .sort()
          .map(f => path.join(p, f))
      : [p],
  );
  for (const file of crdFiles) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const crd = doc.toJS() as Schema | null;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      const { group, names } = crd.spec;
      for (const v of crd.spec.versions ?? []) {
        const raw = v.schema?.openAPIV3Schema;
        if (!raw) continue;
        const schema = strictify(raw) as Schema;
        const { definitions: metaDefs, ...meta } = objectMeta;
        schema.properties = {
          ...schema.properties,
          metadata: { ...meta, type: ['object', 'null'] },
        };
        schema.definitions = metaDefs;
        const out = schemaFile(group, v.name, names.kind);
        writeJson(path.join(options.outDir, out), schema);
        index.push({
          group,
          version: v.name,
          kind: names.kind,
          file: out,
          source: 'crd',
        });
      }
    }
  }
  index.sort((a, b) => a.file.localeCompare(b.file));
  writeJson(path.join(options.outDir, SCHEMA_INDEX_FILE), index);
  return index;
}
