import type { ProfileStore, SecretStore } from '../profiles/profile-store';
import type { MailboxUsageSource } from '../quota/mailbox-usage-source';

/** What a carrier (Electron shell, browser host, tests) hands to createAppCore (main/app/create-app-core.ts). */
export interface AppCoreOptions {
  /** The app's data folder: sandbox data lives in `${dataDir}/sandbox`. */
  dataDir: string;
  profiles: ProfileStore;
  secrets: SecretStore;
  /** Connect to the sandbox at start when no profile is chosen. Default true. */
  useSandbox?: boolean;
  /** The audit journal file. Default `${dataDir}/audit/journal.jsonl`. */
  journalPath?: string;
  /** Where mailbox usage (bytes stored) comes from when the connection names none; not connected by default. */
  usageSource?: MailboxUsageSource;
  /** Run a private Dovecot on the sandbox (root; default: ENCLAVE_SANDBOX_MAIL=1 in the environment). */
  sandboxMail?: boolean;
}
