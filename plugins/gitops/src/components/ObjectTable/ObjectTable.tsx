import { HealthState } from '@drktrc/plugin-gitops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { HealthStatus } from '../HealthStatus';

/** A Kubernetes object as the status views name it. */
export interface NamedObject {
  name: string;
  namespace?: string;
}

/** One column: its heading and what each row's cell shows. */
export interface ObjectColumn<T> {
  title: string;
  render: (item: T) => ReactNode;
}

/** `namespace/name`, how every table names an object and keys its row. */
export function objectName(object: NamedObject): string {
  return `${object.namespace ?? ''}/${object.name}`;
}

/** The first column: `namespace/name`, then an optional detail below it. */
export function nameColumn<T extends NamedObject>(
  title: string,
  detail?: (item: T) => ReactNode,
): ObjectColumn<T> {
  return {
    title,
    render: item => (
      <>
        {objectName(item)}
        {detail?.(item)}
      </>
    ),
  };
}

/**
 * The `Health` column: a status dot labelled with `label` (the health state
 * when it gives none), then why the health is not ok, one line each.
 */
export function healthColumn<
  T extends { health: HealthState; problems: string[] },
>(label?: (item: T) => ReactNode): ObjectColumn<T> {
  return {
    title: 'Health',
    render: item => (
      <>
        <HealthStatus health={item.health}>{label?.(item)}</HealthStatus>
        {item.problems.map(p => (
          <Typography key={p} variant="body2" color="textSecondary">
            {p}
          </Typography>
        ))}
      </>
    ),
  };
}

/**
 * A small table of objects, one row each (keyed by `rowKey`, by default
 * `namespace/name`); nothing at all when there are none.
 */
export function ObjectTable<T extends NamedObject>(props: {
  label: string;
  columns: ObjectColumn<T>[];
  items: T[];
  rowKey?: (item: T) => string;
}) {
  const { label, columns, items, rowKey = objectName } = props;
  if (items.length === 0) return null;
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          {columns.map(c => (
            <TableCell key={c.title}>{c.title}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map(item => (
          <TableRow key={rowKey(item)}>
            {columns.map(c => (
              <TableCell key={c.title}>{c.render(item)}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
