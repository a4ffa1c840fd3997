// The start both commands (bench, eval) share: parse the options or print the usage and exit 2, answer
// --help, and find the model bundle or say where none is.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MODEL, fromUser } from './paths';

export function startCommand<O extends { help: boolean; model: string | undefined }>(
  name: string,
  parse: (argv: string[]) => O,
  usage: string,
  missingModelHint: string,
): { options: O; model: string } {
  let options: O;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${name}: ${(error as Error).message}\n${usage}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const model = options.model ? fromUser(options.model) : DEFAULT_MODEL;
  if (!existsSync(path.join(model, 'model.json'))) {
    process.stderr.write(`${name}: no model bundle at ${model} (${missingModelHint})\n`);
    process.exit(2);
  }
  return { options, model };
}
