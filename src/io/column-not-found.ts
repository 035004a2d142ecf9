/**
 * A column that was asked for by name (`--column`, `--names`, a model's price column) and is not in
 * the file's header, or is its date column. The file is not wrong, the name does not fit it: the CLI
 * reports it as a usage error (exit 2), as it does a bad option, with the header's names.
 */
export class ColumnNotFoundError extends Error {}
