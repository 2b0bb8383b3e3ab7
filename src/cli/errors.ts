/** A user mistake: printed as one line, exit code 2, nothing written. */
export class CliError extends Error {
  readonly exitCode = 2;
}
