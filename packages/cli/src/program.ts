import { Command } from 'commander';
import { registerDoctorCommand } from './commands/doctor';
import { registerSopsCommand } from './commands/sops';
import { registerDevClusterCommand } from './commands/devCluster';
import { registerClusterCommand } from './commands/cluster';
import { registerDevGkeCommand } from './commands/devGke';
import { registerTemplateCommand } from './commands/template';
import { registerValidateCommand } from './commands/validate';

/**
 * Builds the `drktrc` command. Each feature registers its sub-commands from
 * its own file under `commands/`.
 */
export function createProgram(): Command {
  const program = new Command('drktrc')
    .description(
      'drktrc platform kit: portal tooling for GitOps services on GKE',
    )
    .showHelpAfterError();
  registerDoctorCommand(program);
  registerSopsCommand(program);
  registerDevClusterCommand(program);
  registerClusterCommand(program);
  registerDevGkeCommand(program);
  registerValidateCommand(program);
  registerTemplateCommand(program);
  return program;
}
