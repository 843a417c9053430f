/** Plaintext inputs covering every value type, comments, unicode, lists, documents. */
export const SAMPLE_YAML = `# top comment
string: hello wörld ✓ 日本
empty: ""
int: 42
negative: -7
float: 3.14
float_whole: 1.0
bool_t: true
bool_f: false
nothing: null
quoted_number: "123"
multi: |
  line one
  line two
nested:
  # nested comment
  list:
    - a
    - 1
    - 2.5
    - false
    - inner: value
      other: [x, y]
  map:
    deep: "quoted: yes"
plain_unencrypted: visible
---
second: doc
list_of_lists:
  - [1, 2]
  - []
`;

export const SAMPLE_JSON = `{
  "string": "hello wörld ✓",
  "empty": "",
  "int": 42,
  "float": 3.14,
  "bool": true,
  "nothing": null,
  "10": "integer-like key",
  "nested": { "list": ["a", 1, 2.5, false, { "inner": "value" }], "map": {} },
  "visible_unencrypted": "plain"
}
`;

export const SAMPLE_DOTENV = `# a comment
API_KEY=s3cr3t-value
EMPTY=
MULTI=line1\\nline2
UNICODE=wörld ✓
`;

export const SECRET_VALUE = 'pl41nt3xt-S3CRET-value';

export const SAMPLE_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: app-credentials
  namespace: apps
type: Opaque
stringData:
  password: ${SECRET_VALUE}
  username: admin
data:
  token: c2VjcmV0LXRva2Vu
`;

/** A 200-key Secret (bench and tests). */
export function manyKeySecret(n = 200): string {
  const lines = Array.from(
    { length: n },
    (_, i) => `  KEY_${i}: value-${i}-${'x'.repeat(24)}`,
  );
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: many\nstringData:\n${lines.join(
    '\n',
  )}\n`;
}
