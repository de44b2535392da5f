/**
 * Exit statuses of `enclave` and the usage error that leads to status 2. `import` adds 3 (rows rejected or failed)
 * and 4 (the job did not finish); `audit verify` exits 3 when the chain is broken (their own files).
 */
import { EnclaveFailure, type InputIssue } from '../../shared/errors';

export const exitStatus = {
  /** Done. */
  ok: 0,
  /** The operation failed: the directory refused or failed it, a role check refused it, it was not found. */
  failed: 1,
  /** The command line is wrong: unknown command or option, a required option missing, a value that is no size. */
  usage: 2,
  /** The request was refused as invalid before anything was sent, with the console's validation messages. */
  invalid: 3,
} as const;

/** A mistake in the command line itself (exit 2); carried as invalid-input so --json shows it like any error. */
export class UsageFailure extends EnclaveFailure {
  constructor(message: string, issues: InputIssue[] = []) {
    super({ kind: 'invalid-input', message, issues });
    this.name = 'UsageFailure';
  }
}

export const usageFailure = (message: string, issues: InputIssue[] = []): UsageFailure => new UsageFailure(message, issues);
