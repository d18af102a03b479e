/** The report path that means stdout, as for most command-line tools (its own module: the CLI reads it at start-up). */
export const STDOUT = '-';
