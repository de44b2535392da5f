import { describe, expect, it } from 'vitest';
import { applyChoice, detectFormat, formatMapping, parseColumnChoice, unmappedProblem, type FileHeader } from '../../../main/bulk/column-mapping';
import { readImportCsv } from '../../../main/bulk/csv-reading';
import { EnclaveFailure } from '../../../shared/errors';

const headers = (line: string): FileHeader[] => line.split(',').map((text, index) => ({ index, text }));
const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof EnclaveFailure) return error.error.message;
    throw error;
  }
  return '';
};

const microsoft365 = 'User Name,First Name,Last Name,Display Name,Job Title,Department,Office Number,Office Phone,Mobile Phone,Fax,Alternate email address,Address,City,State or Province,ZIP or Postal Code,Country or Region';
const google = 'First Name [Required],Last Name [Required],Email Address [Required],Password [Required],Password Hash Function [UPLOAD ONLY],Org Unit Path [Required],New Primary Email [UPLOAD ONLY],Recovery Email';

describe('#detectFormat()', () => {
  it('recognises each format by its headers, whatever their case', () => {
    expect(detectFormat(headers(microsoft365))).toBe('microsoft-365');
    expect(detectFormat(headers(microsoft365.toLowerCase().replace('user name', 'username')))).toBe('microsoft-365');
    expect(detectFormat(headers(google))).toBe('google-workspace');
    expect(detectFormat(headers('First Name,Last Name,Email Address,Password,Org Unit Path'))).toBe('google-workspace');
    expect(detectFormat(headers('DN,objectClass,cn,sn,givenName,sAMAccountName,mail,proxyAddresses'))).toBe('active-directory');
    expect(detectFormat(headers('SamAccountName,GivenName,Surname,EmailAddress,Enabled'))).toBe('active-directory');
    expect(detectFormat(headers('login,surname,primary address'))).toBe('enclave');
    // A street "Address" alone is not Microsoft 365's file, and no longer the primary address.
    expect(detectFormat(headers('User Name,Display Name,Address'))).toBe('enclave');
  });
});

describe('the Microsoft 365 mapping', () => {
  it('takes the login from the user name, the primary address from the whole of it, and never the street address', () => {
    const table = readImportCsv(`${microsoft365}\nchris@contoso.test,Chris,Green,Chris Green,,,,,,,alt@outlook.test,100 Cypress Creek Rd,Redmond,WA,98052,United States\n`);
    expect(table.rows[0]?.cells).toEqual({ login: 'chris', primaryAddress: 'chris@contoso.test', givenName: 'Chris', surname: 'Green', displayName: 'Chris Green', password: 'generate' });
    expect(table.ignoredHeaders).toContain('Address');
  });
});

describe('the Active Directory mapping', () => {
  it('reads Get-ADUser | Export-Csv as well: Enabled True/False, EmailAddress, Surname', () => {
    const table = readImportCsv('"SamAccountName","GivenName","Surname","EmailAddress","Enabled","DistinguishedName"\n"ann","Ann","Lee","ann@x.test","False","CN=Ann Lee,DC=x"\n');
    expect(table.mapping.format).toBe('active-directory');
    expect(table.rows[0]?.cells).toEqual({ login: 'ann', givenName: 'Ann', surname: 'Lee', primaryAddress: 'ann@x.test', enabled: 'False', password: 'generate' });
  });
});

describe('a mapping the user chooses', () => {
  const custom = 'Kennung,Vorname,Nachname,E-Post,Abteilung';

  it('refuses a file it cannot map, naming every header seen and how to map them', () => {
    expect(messageOf(() => readImportCsv(`${custom}\nann,Ann,Lee,ann@x.test,IT\n`))).toBe(
      `The header (row 1) lacks the required columns "login", "surname", "primary address" (format: Enclave's columns). Headers in the file: "Kennung", "Vorname", "Nachname", "E-Post", "Abteilung". ` +
        "Map them in the import dialog, or with --map 'login=HEADER,surname=HEADER,primary address=HEADER'; the template has every column.",
    );
    const table = readImportCsv(`${custom}\nann,Ann,Lee,ann@x.test,IT\n`, { allowUnmapped: true });
    expect(table.ready).toBe(false);
    expect(table.mapping.missing).toEqual(['login', 'surname', 'primaryAddress']);
    expect(table.mapping.headers.map((h) => h.header)).toEqual(['Kennung', 'Vorname', 'Nachname', 'E-Post', 'Abteilung']);
  });

  it('maps the named columns and leaves the rest as recognised', () => {
    const choice = parseColumnChoice(['login=Kennung,surname=Nachname', 'primary address=E-Post', 'given name=Vorname']);
    expect(choice).toEqual({ login: 'Kennung', surname: 'Nachname', primaryAddress: 'E-Post', givenName: 'Vorname' });
    const table = readImportCsv(`${custom}\nann,Ann,Lee,ann@x.test,IT\n`, { choice });
    expect(table.rows[0]?.cells).toEqual({ login: 'ann', givenName: 'Ann', surname: 'Lee', primaryAddress: 'ann@x.test' });
    expect(table.mapping.columns.find((c) => c.column === 'login')).toEqual({ column: 'login', headers: ['Kennung'], how: '', chosen: true });
    expect(table.mapping.headers.find((h) => h.header === 'Abteilung')).toEqual({ header: 'Abteilung', columns: [], use: 'ignored: not an import column' });
  });

  it('takes headers with commas, overrides a recognised rule, and can leave a column out', () => {
    expect(parseColumnChoice(['surname=Name, family,login=id'])).toEqual({ surname: 'Name, family', login: 'id' });
    const found = headers(microsoft365);
    const chosen = applyChoice(formatMapping('microsoft-365', found), found, { login: 'Office Number', displayName: '' });
    expect(chosen.rules.get('login')?.headers.map((h) => h.text)).toEqual(['Office Number']);
    expect(chosen.rules.get('primaryAddress')?.headers.map((h) => h.text)).toEqual(['User Name']);
    expect(chosen.rules.has('displayName')).toBe(false);
  });

  it('says which header does not exist, and which --map entry is not a column', () => {
    const found = headers(custom);
    expect(messageOf(() => applyChoice(formatMapping('enclave', found), found, { login: 'Benutzer' }))).toBe(
      'The mapping names the header "Benutzer" for login, but the file has no such header. Headers in the file: "Kennung", "Vorname", "Nachname", "E-Post", "Abteilung".',
    );
    expect(messageOf(() => parseColumnChoice(['shoe size=Kennung']))).toMatch(/^--map takes column=HEADER pairs separated by commas; "shoe size=Kennung" is not one\. Columns: login, given name,/);
    expect(unmappedProblem(formatMapping('enclave', found), found).error.message).toMatch(/^The header \(row 1\) lacks the required columns "login", "surname", "primary address"/);
  });
});
