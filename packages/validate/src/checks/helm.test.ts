import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  referencedValuePaths,
  unknownValueKeys,
  withReferencedValues,
} from './helm';

describe('value keys a chart knows', () => {
  let chart: string;
  beforeEach(() => {
    chart = fs.mkdtempSync(path.join(os.tmpdir(), 'drktrc-chart-'));
    fs.mkdirSync(path.join(chart, 'templates'));
    fs.writeFileSync(
      path.join(chart, 'templates', '_helpers.tpl'),
      '{{- if .Values.fullnameOverride }}{{ .Values.fullnameOverride }}{{ end }}\n',
    );
    fs.writeFileSync(
      path.join(chart, 'templates', 'service.yaml'),
      'port: {{ .Values.service.extraPort }}\n',
    );
  });
  afterEach(() => fs.rmSync(chart, { recursive: true, force: true }));

  it('finds the value paths the templates read', () => {
    expect(referencedValuePaths(chart).sort()).toEqual([
      ['fullnameOverride'],
      ['service', 'extraPort'],
    ]);
  });

  it('accepts keys the templates read but values.yaml does not list, and still reports typos', () => {
    const defaults = { service: { httpPort: 9898 }, image: { tag: '1' } };
    const known = withReferencedValues(defaults, referencedValuePaths(chart));
    expect(defaults).toEqual({
      service: { httpPort: 9898 },
      image: { tag: '1' },
    });
    expect(
      unknownValueKeys(
        {
          fullnameOverride: 'podinfo',
          service: { extraPort: 1, httpPrt: 2 },
          fullnameOveride: 'typo',
        },
        known,
        [],
      ),
    ).toEqual(['spec.values.service.httpPrt', 'spec.values.fullnameOveride']);
  });
});
