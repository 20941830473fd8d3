export const USAGE = `Usage: dualmind <command> [options]

Administers a DualMind Lab installation. It reads the same environment variables as the server
(DATABASE_URL or DATA_DIR, DUALMIND_SECRET_KEY, ...) and works on the same database.

Commands:
  migrate                                  Apply pending database migrations.
  create-admin --email <email> [--password -]
                                           Create a local admin account (password from stdin
                                           with "-", else prompted), or make an existing user admin.
  add-key <provider> <key|->               Store a provider API key, encrypted; "-" reads it from
                                           stdin. Prints only the key's mask.
  models import <file>                     Create the models of a JSON file: an array of
                                           {model_name, provider_name, api_url?, description?, status?}.
                                           Models that exist are skipped.
  export-battles [--out <file>]            Every vote as JSON lines (FastChat battle format), to
                                           stdout or a file.
  backup <file> [--yes]                    Write a backup of the whole database (one consistent
                                           snapshot; works while the server runs). --yes replaces
                                           an existing file without asking.
  restore <file> [--replace] [--yes]       Check the backup, then replace the database's contents
                                           with it in one transaction. A database that holds data
                                           needs --replace; asks first unless --yes.
  rotate-secret [--yes]                    Re-encrypt every provider key under the first secret of
                                           DUALMIND_SECRET_KEY (unset: generate a new secret into
                                           DATA_DIR/secret-key first). Asks first; --yes does not.
  eval run --set <file> --models <a,b> --baseline <c> --judge <d>
           [--mode vs_baseline|round_robin] [--name <name>] [--owner <email>]
           [--system-prompt <text>] [--judge-prompt <id>]
                                           Import a prompt file (.jsonl or .csv) as a new set, run
                                           an evaluation of the models (names or ids) judged by
                                           <d>, show its progress on stderr and print the results
                                           table. Without --baseline: round robin.
  doctor                                   Check the configuration, the database and every
                                           provider key (GET {base URL}/models).
  help                                     This text.

Exit codes: 0 success, 1 failure (doctor: a check failed), 2 usage or configuration error.
`;
