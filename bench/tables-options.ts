// Command-line options of `npm run bench:tables -- [--check] [--results DIR]`.

export const TABLES_USAGE = `usage: npm run bench:tables -- [--check] [--results DIR]

  --check                write nothing; exit 1 if a marked region of README.md or docs/benchmarks.md
                         would change (listing them), 0 if none would
  --results DIR          where the JSON results are (default bench/results): every bench-latest*.json
                         and eval-latest.json there

Renders the tables of the saved bench and eval results again and puts each between its markers,
<!-- tables:NAME --> and <!-- /tables:NAME --> on lines of their own. A region whose data is in none of
the files is left as it is; each bench part comes from the file with the newest machine.date.
Exit 2 on a malformed marker or an unreadable results file, with nothing written.`;

export interface TablesOptions {
  check: boolean;
  results: string | undefined;
  help: boolean;
}

export function parseTablesOptions(argv: readonly string[]): TablesOptions {
  const options: TablesOptions = { check: false, results: undefined, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help') options.help = true;
    else if (arg === '--check') options.check = true;
    else if (arg === '--results') {
      const folder = argv[++i];
      if (folder === undefined) throw new Error('--results needs a value');
      options.results = folder;
    } else throw new Error(arg.startsWith('--') ? `unknown option ${arg}` : `unexpected argument "${arg}"`);
  }
  return options;
}
