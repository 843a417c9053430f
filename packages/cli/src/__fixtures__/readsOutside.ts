// Run only by repositoryBoundary.test.ts (not a *.test.ts file), with the
// package as working directory: a test that reads a sibling folder of the
// repository (`../sibling-folder` seen from the repository root) and swallows the
// error. The boundary must still fail it.
import { readFileSync } from 'node:fs';

// eslint-disable-next-line jest/expect-expect
it('reads a sibling folder and ignores the failure', () => {
  try {
    readFileSync('../../../sibling-folder/REFERENCE.md');
  } catch {
    // swallowed on purpose
  }
});
