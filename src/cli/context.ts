/** What a verb may touch of the process: given by main.ts, so verbs stay testable. */
export interface VerbContext {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** prints a verb's help and returns exit code 0 */
  help(verb: string): number;
}
