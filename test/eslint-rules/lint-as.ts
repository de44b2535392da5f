/** Lints a snippet as if it were a file at a repository path, with the real eslint.config.js. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const eslint = new ESLint({ cwd: repoRoot });

/** The messages of `ruleId` (all rules when omitted) for `code` placed at `repoPath`. */
export async function lintAs(repoPath: string, code: string, ruleId?: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, repoPath) });
  if (!result) throw new Error(`ESLint returned nothing for ${repoPath}`);
  const fatal = result.messages.filter((message) => message.fatal);
  if (fatal.length > 0) throw new Error(`${repoPath} did not parse: ${fatal[0]?.message}`);
  return ruleId === undefined ? result.messages : result.messages.filter((message) => message.ruleId === ruleId);
}
