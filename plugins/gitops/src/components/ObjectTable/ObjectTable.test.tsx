import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  healthColumn,
  nameColumn,
  objectName,
  ObjectTable,
} from './ObjectTable';

interface Thing {
  name: string;
  namespace?: string;
  health: 'ok' | 'warning';
  problems: string[];
  size: number;
}

const things: Thing[] = [
  { name: 'a', namespace: 'ns1', health: 'ok', problems: [], size: 1 },
  {
    name: 'b',
    namespace: 'ns2',
    health: 'warning',
    problems: ['too big', 'too old'],
    size: 2,
  },
];

describe('objectName', () => {
  it('names an object namespace/name', () => {
    expect(objectName({ namespace: 'flux-system', name: 'podinfo' })).toBe(
      'flux-system/podinfo',
    );
    expect(objectName({ name: 'cluster-wide' })).toBe('/cluster-wide');
  });
});

describe('ObjectTable', () => {
  const columns = [
    nameColumn<Thing>('Thing', t => <span>size {t.size}</span>),
    { title: 'Size', render: (t: Thing) => `${t.size} units` },
    healthColumn<Thing>(),
  ];

  it('shows one row per object under the column titles', async () => {
    await renderInTestApp(
      <ObjectTable label="Things" columns={columns} items={things} />,
    );
    const table = screen.getByRole('table', { name: 'Things' });
    const rows = within(table).getAllByRole('row');
    expect(
      within(rows[0])
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual(['Thing', 'Size', 'Health']);
    expect(rows).toHaveLength(3);
    const cells = within(rows[2])
      .getAllByRole('cell')
      .map(c => c.textContent);
    expect(cells[0]).toBe('ns2/bsize 2');
    expect(cells[1]).toBe('2 units');
    // the health state labels the dot, then one line per problem
    expect(cells[2]).toBe('warningtoo bigtoo old');
  });

  it('labels the health dot when asked to', async () => {
    await renderInTestApp(
      <ObjectTable
        label="Things"
        columns={[healthColumn<Thing>(t => `size ${t.size}`)]}
        items={things.slice(0, 1)}
      />,
    );
    expect(screen.getByRole('cell').textContent).toBe('size 1');
  });

  it('shows nothing for no objects', async () => {
    await renderInTestApp(
      <ObjectTable label="Things" columns={columns} items={[]} />,
    );
    expect(screen.queryByRole('table')).toBeNull();
  });
});
