import { describe, expect, it } from 'vitest';
import {
  aceFlags, aceTypes, adRights, decodeGuid, decodeSecurityDescriptor, decodeSid, encodeGuid, encodeSecurityDescriptor, encodeSid, protectedDaclDescriptor, ridOf, sdControl,
} from '../../../../../main/flavors/active-directory/directory/security-descriptor';
import { SdFlagsControl } from '../../../../../main/flavors/active-directory/directory/sd-flags-control';
import { unicodePwdValue } from '../../../../../main/flavors/active-directory/directory/unicode-password';

describe('SIDs', () => {
  it('encodes S-1-5-21-… as [MS-DTYP] 2.4.2.2 and back', () => {
    const sid = 'S-1-5-21-4067656053-3960741194-2328158233-1103';
    // objectSid of a real Samba group, as ldapsearch printed it (base64).
    expect(encodeSid(sid).toString('base64')).toBe('AQUAAAAAAAUVAAAAdYFz8kodFOwZ4MSKTwQAAA==');
    expect(decodeSid(Buffer.from('AQUAAAAAAAUVAAAAdYFz8kodFOwZ4MSKTwQAAA==', 'base64'))).toEqual({ sid, length: 28 });
    expect(ridOf(sid)).toBe(1103);
    expect(decodeSid(encodeSid('S-1-5-32-544')).sid).toBe('S-1-5-32-544');
    expect(() => encodeSid('S-1-5-x')).toThrow(/Not a SID/);
  });
});

describe('GUIDs', () => {
  it('stores the first three fields little-endian', () => {
    const guid = 'bf967aba-0de6-11d0-a285-00aa003049e2';
    expect(encodeGuid(guid).toString('hex')).toBe('ba7a96bfe60dd011a28500aa003049e2');
    expect(decodeGuid(encodeGuid(guid))).toBe(guid);
  });
});

describe('security descriptors', () => {
  it('round-trips a protected DACL with plain and object ACEs', () => {
    const aces = [
      { type: aceTypes.accessAllowed, flags: aceFlags.containerInherit, mask: adRights.fullControl, sid: 'S-1-5-18' },
      { type: aceTypes.accessAllowedObject, flags: aceFlags.containerInherit | aceFlags.inheritOnly, mask: adRights.controlAccess, sid: 'S-1-5-21-1-2-3-1103', objectType: '00299570-246d-11d0-a768-00aa006e0529', inheritedObjectType: 'bf967aba-0de6-11d0-a285-00aa003049e2' },
    ];
    const binary = encodeSecurityDescriptor(protectedDaclDescriptor(aces));
    expect(binary[0]).toBe(1);
    const decoded = decodeSecurityDescriptor(binary);
    expect(decoded.control & sdControl.daclProtected).toBe(sdControl.daclProtected);
    expect(decoded.control & sdControl.selfRelative).toBe(sdControl.selfRelative);
    expect(decoded).toMatchObject({ owner: null, group: null, dacl: aces });
    // ACL revision 4 because of the object ACE; size fields add up.
    expect(binary[20]).toBe(4);
    expect(binary.readUInt16LE(22)).toBe(binary.length - 20);
  });

  it('refuses object types on a plain ACE', () => {
    expect(() => encodeSecurityDescriptor(protectedDaclDescriptor([{ type: aceTypes.accessAllowed, flags: 0, mask: 1, sid: 'S-1-5-18', objectType: 'bf967aba-0de6-11d0-a285-00aa003049e2' }]))).toThrow();
  });
});

describe('SdFlagsControl', () => {
  it('carries BER SEQUENCE { INTEGER 4 } for DACL only', () => {
    const control = new SdFlagsControl();
    expect(control.type).toBe('1.2.840.113556.1.4.801');
    expect(control.critical).toBe(true);
    const written: Buffer[] = [];
    (control as unknown as { writeControl(w: unknown): void }).writeControl({ writeBuffer: (b: Buffer, tag: number) => written.push(Buffer.concat([Buffer.from([tag]), b])) });
    expect(written[0]?.toString('hex')).toBe('043003020104');
  });
});

describe('unicodePwd', () => {
  it('is the quoted password in UTF-16LE', () => {
    expect(unicodePwdValue('Pä1').toString('hex')).toBe('22005000e40031002200');
  });
});
