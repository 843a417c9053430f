import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/**
 * Writes a whole file or nothing (a temporary file renamed over the target,
 * through `write-file-atomic`): a failure never leaves a truncated or
 * half-written file, an existing file keeps its mode, and a symlink is
 * followed, so the link stays and its target gets the new content.
 * @public
 */
export function writeFileAtomically(target: string, data: Buffer): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  writeFileAtomic.sync(target, data);
}
