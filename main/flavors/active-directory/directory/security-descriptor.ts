/**
 * Active Directory security descriptors in their binary, self-relative form ([MS-DTYP] 2.4.6), built and read
 * directly: no SDDL parser is needed for the few access rules Enclave writes, and AD only accepts the binary
 * form for nTSecurityDescriptor. SIDs are handled as their "S-1-5-21-…" strings.
 */

/** ACE types Enclave writes ([MS-DTYP] 2.4.4.1). */
export const aceTypes = { accessAllowed: 0x00, accessDenied: 0x01, accessAllowedObject: 0x05, accessDeniedObject: 0x06 } as const;

/** ACE flags ([MS-DTYP] 2.4.4.1). */
export const aceFlags = { objectInherit: 0x01, containerInherit: 0x02, noPropagateInherit: 0x04, inheritOnly: 0x08, inherited: 0x10 } as const;

/** Directory-service access rights ([MS-ADTS] 5.1.3.2). */
export const adRights = {
  createChild: 0x1,
  deleteChild: 0x2,
  listChildren: 0x4,
  selfWrite: 0x8,
  readProperty: 0x10,
  writeProperty: 0x20,
  deleteTree: 0x40,
  listObject: 0x80,
  controlAccess: 0x100,
  delete: 0x10000,
  readControl: 0x20000,
  writeDac: 0x40000,
  writeOwner: 0x80000,
  /** What "Read" in the security editor grants: RC, LC, RP, LO. */
  genericRead: 0x20094,
  /** What "Full control" grants. */
  fullControl: 0xf01ff,
} as const;

/** Security descriptor control bits ([MS-DTYP] 2.4.6). */
export const sdControl = { daclPresent: 0x0004, daclAutoInherited: 0x0400, daclProtected: 0x1000, selfRelative: 0x8000 } as const;

/** Well-known SIDs used in tenant DACLs. */
export const wellKnownSids = {
  system: 'S-1-5-18',
  selfPrincipal: 'S-1-5-10',
  authenticatedUsers: 'S-1-5-11',
  builtinAdministrators: 'S-1-5-32-544',
} as const;

/** Relative ids of the domain's built-in groups ([MS-ADTS] 6.1.1.6). */
export const wellKnownRids = { domainAdmins: 512, domainUsers: 513, enterpriseAdmins: 519 } as const;

/** One access control entry; `objectType`/`inheritedObjectType` (GUID strings) make it an object ACE. */
export interface Ace {
  type: number;
  flags: number;
  mask: number;
  sid: string;
  objectType?: string;
  inheritedObjectType?: string;
}

/** A security descriptor reduced to what Enclave reads and writes: control bits and the DACL. */
export interface SecurityDescriptor {
  control: number;
  owner: string | null;
  group: string | null;
  dacl: Ace[] | null;
}

/** The SID's binary form ([MS-DTYP] 2.4.2.2). */
export function encodeSid(sid: string): Buffer {
  const parts = /^S-1-(\d+)((?:-\d+)*)$/i.exec(sid.trim());
  if (!parts) throw new Error(`Not a SID: ${sid}`);
  const authority = BigInt(parts[1] ?? '0');
  const subs = (parts[2] ?? '').split('-').filter(Boolean).map(Number);
  if (subs.length > 15 || subs.some((s) => !Number.isInteger(s) || s < 0 || s > 0xffffffff)) throw new Error(`Not a SID: ${sid}`);
  const out = Buffer.alloc(8 + 4 * subs.length);
  out[0] = 1;
  out[1] = subs.length;
  for (let i = 0; i < 6; i++) out[2 + i] = Number((authority >> BigInt(8 * (5 - i))) & 0xffn);
  subs.forEach((sub, i) => out.writeUInt32LE(sub, 8 + 4 * i));
  return out;
}

/** Reads a binary SID at `offset`; returns its string form and byte length. */
export function decodeSid(buffer: Buffer, offset = 0): { sid: string; length: number } {
  const count = buffer[offset + 1];
  if (buffer[offset] !== 1 || count === undefined || offset + 8 + 4 * count > buffer.length) throw new Error('Malformed SID');
  let authority = 0n;
  for (let i = 0; i < 6; i++) authority = (authority << 8n) | BigInt(buffer[offset + 2 + i] ?? 0);
  const subs = Array.from({ length: count }, (_, i) => buffer.readUInt32LE(offset + 8 + 4 * i));
  return { sid: ['S-1', authority.toString(), ...subs.map(String)].join('-'), length: 8 + 4 * count };
}

/** The relative id (last sub-authority) of a SID. */
export const ridOf = (sid: string): number => Number(sid.split('-').pop());

/** A GUID string's binary form (the first three fields little-endian, as Windows stores GUIDs). */
export function encodeGuid(guid: string): Buffer {
  const hex = guid.replace(/[{}-]/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`Not a GUID: ${guid}`);
  const raw = Buffer.from(hex, 'hex');
  return Buffer.concat([Buffer.from(raw.subarray(0, 4)).reverse(), Buffer.from(raw.subarray(4, 6)).reverse(), Buffer.from(raw.subarray(6, 8)).reverse(), raw.subarray(8)]);
}

/** A binary GUID as its lower-case string. */
export function decodeGuid(buffer: Buffer, offset = 0): string {
  const raw = buffer.subarray(offset, offset + 16);
  const hex = Buffer.concat([Buffer.from(raw.subarray(0, 4)).reverse(), Buffer.from(raw.subarray(4, 6)).reverse(), Buffer.from(raw.subarray(6, 8)).reverse(), raw.subarray(8)]).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const isObjectAce = (type: number) => type === aceTypes.accessAllowedObject || type === aceTypes.accessDeniedObject;

function encodeAce(ace: Ace): Buffer {
  const sid = encodeSid(ace.sid);
  const objectAce = ace.objectType !== undefined || ace.inheritedObjectType !== undefined;
  if (objectAce !== isObjectAce(ace.type)) throw new Error('Object types need an object ACE type, and only those');
  const guids = [ace.objectType, ace.inheritedObjectType].filter((g): g is string => g !== undefined).map(encodeGuid);
  const body = Buffer.alloc(4 + (objectAce ? 4 : 0));
  body.writeUInt32LE(ace.mask >>> 0, 0);
  if (objectAce) body.writeUInt32LE((ace.objectType ? 1 : 0) | (ace.inheritedObjectType ? 2 : 0), 4);
  const size = 4 + body.length + 16 * guids.length + sid.length;
  const header = Buffer.alloc(4);
  header[0] = ace.type;
  header[1] = ace.flags;
  header.writeUInt16LE(size, 2);
  return Buffer.concat([header, body, ...guids, sid]);
}

function decodeAce(buffer: Buffer, offset: number): { ace: Ace; size: number } {
  const type = buffer[offset] ?? 0;
  const flags = buffer[offset + 1] ?? 0;
  const size = buffer.readUInt16LE(offset + 2);
  const mask = buffer.readUInt32LE(offset + 4);
  let at = offset + 8;
  const ace: Ace = { type, flags, mask, sid: '' };
  if (isObjectAce(type)) {
    const present = buffer.readUInt32LE(at);
    at += 4;
    if (present & 1) {
      ace.objectType = decodeGuid(buffer, at);
      at += 16;
    }
    if (present & 2) {
      ace.inheritedObjectType = decodeGuid(buffer, at);
      at += 16;
    }
  }
  // Callback and other ACE types keep their SID at the same place; Enclave only reads their SID.
  ace.sid = decodeSid(buffer, at).sid;
  return { ace, size };
}

/** An ACL ([MS-DTYP] 2.4.5); revision 4 when it holds object ACEs. */
function encodeAcl(aces: Ace[]): Buffer {
  const encoded = aces.map(encodeAce);
  const header = Buffer.alloc(8);
  header[0] = aces.some((ace) => isObjectAce(ace.type)) ? 4 : 2;
  header.writeUInt16LE(8 + encoded.reduce((n, b) => n + b.length, 0), 2);
  header.writeUInt16LE(aces.length, 4);
  return Buffer.concat([header, ...encoded]);
}

function decodeAcl(buffer: Buffer, offset: number): Ace[] {
  const count = buffer.readUInt16LE(offset + 4);
  const aces: Ace[] = [];
  let at = offset + 8;
  for (let i = 0; i < count; i++) {
    const { ace, size } = decodeAce(buffer, at);
    aces.push(ace);
    at += size;
  }
  return aces;
}

/** The self-relative binary form; owner and group are left out when null (write with SD_FLAGS = DACL only). */
export function encodeSecurityDescriptor(sd: SecurityDescriptor): Buffer {
  const owner = sd.owner ? encodeSid(sd.owner) : null;
  const group = sd.group ? encodeSid(sd.group) : null;
  const dacl = sd.dacl ? encodeAcl(sd.dacl) : null;
  const header = Buffer.alloc(20);
  header[0] = 1;
  header.writeUInt16LE(sd.control | sdControl.selfRelative | (dacl ? sdControl.daclPresent : 0), 2);
  let at = 20;
  const place = (part: Buffer | null, field: number) => {
    if (!part) return;
    header.writeUInt32LE(at, field);
    at += part.length;
  };
  place(owner, 4);
  place(group, 8);
  place(dacl, 16);
  return Buffer.concat([header, ...[owner, group, dacl].filter((b): b is Buffer => b !== null)]);
}

/** Reads a self-relative security descriptor (the SACL, when present, is skipped). */
export function decodeSecurityDescriptor(buffer: Buffer): SecurityDescriptor {
  if (buffer.length < 20 || buffer[0] !== 1) throw new Error('Not a self-relative security descriptor');
  const control = buffer.readUInt16LE(2);
  const offset = (field: number) => buffer.readUInt32LE(field);
  return {
    control,
    owner: offset(4) ? decodeSid(buffer, offset(4)).sid : null,
    group: offset(8) ? decodeSid(buffer, offset(8)).sid : null,
    dacl: control & sdControl.daclPresent && offset(16) ? decodeAcl(buffer, offset(16)) : null,
  };
}

/** A protected DACL (no inherited ACEs from above): the descriptor an isolated tenant OU gets. */
export function protectedDaclDescriptor(aces: Ace[]): SecurityDescriptor {
  return { control: sdControl.daclProtected | sdControl.daclAutoInherited, owner: null, group: null, dacl: aces };
}
