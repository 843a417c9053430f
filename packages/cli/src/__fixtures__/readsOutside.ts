// Run only by repositoryBoundary.test.ts (not a *.test.ts file), with the
// package as working directory: a test that reads a sibling folder of the
// repository (`../shared` seen from the repository root) and swallows the
// error. The boundary must still fail it.
import { readFileSync } from 'node:fs';

// eslint-disable-next-line jest/expect-expect
it('reads ../shared and ignores the failure', () => {
  try {
    readFileSync('../../../shared/REFERENCE.md');
  } catch {
    // swallowed on purpose
  }
});
