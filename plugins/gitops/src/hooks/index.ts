export { usePolling } from './usePolling';
export type { PollingState } from './usePolling';
export {
  useEntityGitopsStatus,
  isBusy,
  FAST_REFRESH_MS,
  SLOW_REFRESH_MS,
} from './useEntityGitopsStatus';
