/** Lints a snippet as if it were a file at a repository path, with the real eslint.config.js. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Snippets mostly sit at paths that do not exist, which the type-aware parsing of renderer/, main/ and shared/ (the
 * TypeScript project service) cannot open; there it runs without type information and without the two rules that
 * need it. `lintTypedAs` keeps them, for snippets placed at a path that is a real file of a tsconfig.
 */
const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfig: {
    files: ['renderer/**/*.{ts,tsx}', 'main/**/*.ts', 'shared/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
});
const typedEslint = new ESLint({ cwd: repoRoot });

async function lintWith(linter: ESLint, repoPath: string, code: string, ruleId?: string): Promise<Linter.LintMessage[]> {
  const [result] = await linter.lintText(code, { filePath: path.join(repoRoot, repoPath) });
  if (!result) throw new Error(`ESLint returned nothing for ${repoPath}`);
  const fatal = result.messages.filter((message) => message.fatal);
  if (fatal.length > 0) throw new Error(`${repoPath} did not parse: ${fatal[0]?.message}`);
  return ruleId === undefined ? result.messages : result.messages.filter((message) => message.ruleId === ruleId);
}

/** The messages of `ruleId` (all rules when omitted) for `code` placed at `repoPath`. */
export const lintAs = (repoPath: string, code: string, ruleId?: string) => lintWith(eslint, repoPath, code, ruleId);

/** The same with type information: `repoPath` must be an existing file (its text is replaced by `code`). */
export const lintTypedAs = (repoPath: string, code: string, ruleId?: string) => lintWith(typedEslint, repoPath, code, ruleId);
