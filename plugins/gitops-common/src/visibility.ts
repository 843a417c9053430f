/**
 * Annotation that hides a catalog entity from everyone outside the platform
 * groups (`drktrc.permission.platformGroups`), e.g. a template only the
 * platform team may run: `drktrc.io/platform-only: 'true'`. The portal's
 * permission policy turns it into a conditional `catalog.entity.read`
 * decision, so others neither list it nor fetch it by ref.
 */
export const PLATFORM_ONLY_ANNOTATION = 'drktrc.io/platform-only';
