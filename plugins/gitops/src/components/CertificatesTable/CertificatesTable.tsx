import { CertificateView } from '@drktrc/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import {
  healthColumn,
  nameColumn,
  ObjectColumn,
  ObjectTable,
} from '../ObjectTable';

const columns: ObjectColumn<CertificateView>[] = [
  nameColumn('Certificate', c => (
    <Typography variant="body2" color="textSecondary">
      {c.dnsNames.join(', ')}
    </Typography>
  )),
  {
    title: 'Expiry',
    render: c => (
      <>
        {c.daysLeft !== undefined ? `${c.daysLeft} days left` : 'not issued'}
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
      </>
    ),
  },
  {
    title: 'Issuer',
    render: c =>
      c.issuerRef ? `${c.issuerRef.kind} ${c.issuerRef.name}` : '—',
  },
  healthColumn(c => (c.ready ? `Ready=${c.ready.status}` : c.health)),
];

/** cert-manager Certificates: Ready, expiry and renewal, issuer. */
export function CertificatesTable(props: { items: CertificateView[] }) {
  return (
    <ObjectTable label="Certificates" columns={columns} items={props.items} />
  );
}
