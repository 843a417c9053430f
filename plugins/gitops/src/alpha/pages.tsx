import { PageBlueprint, createRouteRef } from '@backstage/frontend-plugin-api';
import SyncIcon from '@material-ui/icons/Sync';

export const fleetRouteRef = createRouteRef();

/** The fleet page (mount it at `/` with `page:gitops: config: path: /`). */
export const fleetPage = PageBlueprint.make({
  params: {
    path: '/gitops',
    title: 'GitOps fleet',
    routeRef: fleetRouteRef,
    icon: <SyncIcon />,
    noHeader: true,
    loader: () => import('../components/FleetPage').then(m => <m.FleetPage />),
  },
});
