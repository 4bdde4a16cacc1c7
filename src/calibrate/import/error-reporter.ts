import type { InputError } from '../../error/cxqa-error.js';

/** Prints the first `max` errors through `print`, then only counts; {@link ErrorReporter.finish} prints the rest's count. */
export class ErrorReporter {
  private printed = 0;
  private hidden = 0;

  constructor(
    private readonly print: (message: string) => void,
    private readonly max = 20,
  ) {}

  /** Reports one error; `kind` says whether the item was left out or only a part of it. */
  report(error: InputError, kind: 'skipped' | 'problem'): void {
    if (this.printed >= this.max) {
      this.hidden += 1;
      return;
    }
    this.printed += 1;
    this.print(`${kind === 'skipped' ? 'skipped' : 'left out part'}: ${error.message} [${error.code}]`);
  }

  /** Prints how many errors were not shown, if any. */
  finish(): void {
    if (this.hidden > 0) this.print(`… and ${this.hidden} more errors not shown`);
  }
}
