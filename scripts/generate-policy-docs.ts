/** Writes the role table generated from the access policy into docs/isolation.md (npm run docs:policy). */
import { readFile, writeFile } from 'node:fs/promises';
import { withPolicyTable } from '../main/policy/policy-table';

const file = new URL('../docs/isolation.md', import.meta.url);
await writeFile(file, withPolicyTable(await readFile(file, 'utf8')));
console.log('docs/isolation.md: role table regenerated from main/policy/access-policy.ts');
