import { createProgram } from './program';

createProgram()
  .parseAsync(process.argv)
  .then(() => {
    // Every command has finished its work here (long-running ones such as
    // dev-cluster wait for SIGINT inside their action). The in-process
    // scaffolder backend of `template render|test` keeps Node alive after it
    // is stopped (no JavaScript handle is left: a native one of its template
    // sandbox), so exit explicitly, with the exit code the command set.
    process.exit();
  })
  .catch(error => {
    process.stderr.write(`drktrc: ${error?.message ?? String(error)}\n`);
    process.exit(1);
  });
