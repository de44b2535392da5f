/** The embedded sandbox directory: a private slapd the console starts, seeds and stops. */

export interface SandboxOptions {
  /** Folder holding slapd.d, the databases, the ldapi socket and the generated credentials. */
  dataDir: string;
  /** Wipe dataDir's sandbox first. */
  fresh?: boolean;
  /** Loopback port; a free one is chosen when absent. */
  port?: number;
  /** Skip fsync (tests, benchmarks and the sandbox itself; never production). Default true. */
  noSync?: boolean;
  /** Suffix of the directory. Default dc=hosting,dc=test. */
  suffix?: string;
  /** Directories searched for slapd and slapadd. Default: PATH, then /usr/sbin and the other system folders. */
  binarySearchPath?: string[];
}

/** What a client needs to reach a running sandbox. Stays in main: the password never reaches a renderer. */
export interface SandboxConnectionInfo {
  url: string;
  bindDN: string;
  password: string;
  suffix: string;
  /** ldapi:// URL (SASL EXTERNAL as the process owner manages cn=config). */
  ldapiUrl: string;
}

export interface RunningSandbox {
  readonly info: SandboxConnectionInfo;
  readonly dataDir: string;
  readonly pid: number;
  /** True when this start created the database (first run or --fresh): the caller seeds it. */
  readonly created: boolean;
  /** Resolves when slapd exits for any reason. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}
