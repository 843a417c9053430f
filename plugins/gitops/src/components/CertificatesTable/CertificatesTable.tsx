import { CertificateView } from '@drktrc/plugin-gitops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { HealthStatus } from '../HealthStatus';

/** cert-manager Certificates: Ready, expiry and renewal, issuer. */
export function CertificatesTable(props: { items: CertificateView[] }) {
  if (props.items.length === 0) return null;
  return (
    <Table size="small" aria-label="Certificates">
      <TableHead>
        <TableRow>
          <TableCell>Certificate</TableCell>
          <TableCell>Expiry</TableCell>
          <TableCell>Issuer</TableCell>
          <TableCell>Health</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.items.map(c => (
          <TableRow key={`${c.namespace}/${c.name}`}>
            <TableCell>
              {c.namespace}/{c.name}
              <Typography variant="body2" color="textSecondary">
                {c.dnsNames.join(', ')}
              </Typography>
            </TableCell>
            <TableCell>
              {c.daysLeft !== undefined
                ? `${c.daysLeft} days left`
                : 'not issued'}
              {c.notAfter && (
                <Typography variant="body2" color="textSecondary">
                  not after {c.notAfter}
                </Typography>
              )}
              {c.renewalTime && (
                <Typography variant="body2" color="textSecondary">
                  renewal {c.renewalTime}
                </Typography>
              )}
            </TableCell>
            <TableCell>
              {c.issuerRef ? `${c.issuerRef.kind} ${c.issuerRef.name}` : '—'}
            </TableCell>
            <TableCell>
              <HealthStatus health={c.health}>
                {c.ready ? `Ready=${c.ready.status}` : c.health}
              </HealthStatus>
              {c.problems.map(p => (
                <Typography key={p} variant="body2" color="textSecondary">
                  {p}
                </Typography>
              ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
