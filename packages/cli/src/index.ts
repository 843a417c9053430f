import { createProgram } from './program';

createProgram()
  .parseAsync(process.argv)
  .catch(error => {
    process.stderr.write(`drktrc: ${error?.message ?? String(error)}\n`);
    process.exit(1);
  });
