// Run only by repositoryBoundary.test.ts (not a *.test.ts file): a test that
// reads a sibling folder of the repository and swallows the error.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

it('reads ../shared and ignores the failure', () => {
  try {
    readFileSync(resolve(__dirname, '../../../../../shared/REFERENCE.md'));
  } catch {
    // swallowed on purpose
  }
});
