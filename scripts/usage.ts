/**
 * `--help` (or `-h`) for the scripts in this folder: print the script's usage and exit 0, before it
 * parses anything or starts work (several run a whole experiment with no arguments, by design).
 */
export function exitOnHelp(usage: string): void {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    console.log(usage);
    process.exit(0);
  }
}
