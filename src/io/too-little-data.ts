/**
 * A data file too short for what is asked of it (fewer rows than a model's windows, a split, or a
 * table need). The data is not wrong, only too little: the CLI reports it as a usage error (exit 2),
 * as it does a history too short for a forecast, with the file, the rows found and the rows needed.
 */
export class TooLittleDataError extends Error {}
