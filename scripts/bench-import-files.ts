/**
 * `npx tsx scripts/bench-import-files.ts [SIZES]` (default 1000,10000,100000): what reading an import file costs
 * before the directory is asked anything — decoding (per line for a file that is not UTF-8), CSV parsing, the
 * column mapping, the per-cell checks (formula guard, hostile characters, mojibake) — for Enclave's own UTF-8
 * file, a Windows-1252 Microsoft 365 file and an LDIF file, against csv-parse alone on the same text (the floor).
 * Best of BENCH_REPEATS (default 3) per size and file; one JSON line per size and file.
 */
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { readImportFile } from '../main/bulk/import-file';

const sizes = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
const repeats = Number(process.env['BENCH_REPEATS'] ?? 3);

const enclaveFile = (rows: number) =>
  Buffer.from(
    ['login,given name,surname,display name,primary address,aliases,quota,password,groups,enabled', ...Array.from({ length: rows }, (_, i) => `u${i},Zoë,Müller-${i},"Müller, Zoë",u${i}@bench.test,a${i}@bench.test,1 GiB,Secret-Pass-${i},Staff,yes`)].join('\r\n'),
    'utf8',
  );

const microsoft365File = (rows: number) =>
  iconv.encode(
    [
      'User Name,First Name,Last Name,Display Name,Job Title,Department,Office Number,Office Phone,Mobile Phone,Fax,Alternate email address,Address,City,State or Province,ZIP or Postal Code,Country or Region',
      ...Array.from({ length: rows }, (_, i) => `u${i}@bench.test,Šárka,Nováková-${i},Šárka Nováková – “${i}”,Clerk,Sales,1,+1 555,-,,x@y.test,1 Road,City,ST,123,Country`),
    ].join('\r\n'),
    'win1252',
  );

const ldifFile = (rows: number) =>
  Buffer.from(
    Array.from({ length: rows }, (_, i) => `dn: uid=u${i},ou=people,dc=old\nobjectClass: inetOrgPerson\nuid: u${i}\ngivenName: Zoë\nsn: Müller-${i}\nmail: u${i}@bench.test\nmailAlternateAddress: a${i}@bench.test\n`).join('\n'),
    'utf8',
  );

function best(run: () => void): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i += 1) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return Math.round(fastest);
}

for (const rows of sizes) {
  for (const [file, bytes, csvText] of [
    ['enclave-utf8', enclaveFile(rows), (b: Buffer) => b.toString('utf8')],
    ['microsoft365-cp1252', microsoft365File(rows), (b: Buffer) => iconv.decode(b, 'win1252')],
    ['ldif', ldifFile(rows), null],
  ] as const) {
    const readMs = best(() => {
      const { table } = readImportFile({ bytes });
      if (table.rows.length !== rows) throw new Error(`read ${table.rows.length} rows of ${rows}`);
    });
    const parseOnlyMs = csvText ? best(() => parse(csvText(bytes), { relax_column_count: true, bom: true })) : null;
    console.log(JSON.stringify({ rows, file, bytes: bytes.length, readMs, parseOnlyMs }));
  }
}
