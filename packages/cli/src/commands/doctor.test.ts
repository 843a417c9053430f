import { formatDoctorReport, runDoctor, ToolCheck } from './doctor';

const check = (name: string, required = false): ToolCheck => ({
  name,
  versionArgs: ['--version'],
  parse: out => out.match(/v?(\d+\.\d+\.\d+)/)?.[1],
  neededFor: `testing ${name}`,
  required,
});

describe('drktrc doctor', () => {
  it('reports the version of a present tool and the purpose of a missing one', async () => {
    const statuses = await runDoctor([
      check('node', true),
      check('drktrc-no-such-tool-xyz'),
    ]);
    expect(statuses[0]).toMatchObject({
      name: 'node',
      found: true,
      version: process.versions.node,
    });
    expect(statuses[1]).toEqual({
      name: 'drktrc-no-such-tool-xyz',
      found: false,
      neededFor: 'testing drktrc-no-such-tool-xyz',
      required: false,
    });
    const report = formatDoctorReport(statuses);
    expect(report).toContain(
      `ok       node                     ${process.versions.node}`,
    );
    expect(report).toContain(
      'missing  drktrc-no-such-tool-xyz  needed for testing drktrc-no-such-tool-xyz',
    );
    expect(report).toContain('Everything the portal needs is present.');
  });

  it('says when a required tool is missing', async () => {
    const statuses = await runDoctor([check('drktrc-no-such-tool-xyz', true)]);
    expect(formatDoctorReport(statuses)).toContain(
      '1 required tool(s) missing',
    );
  });
});
