// Entry point of `npm run transcribe -- FILE... [options]` (see arguments.ts for the options).

import path from 'node:path';
import { runTranscribe } from './transcribe-command';

const root = path.resolve(import.meta.dirname, '../..');
const code = await runTranscribe(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.env['INIT_CWD'] ?? process.cwd(),
  root,
});
process.exitCode = code;
