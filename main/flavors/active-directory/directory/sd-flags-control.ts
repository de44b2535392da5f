/**
 * LDAP_SERVER_SD_FLAGS_OID ([MS-ADTS] 3.1.1.3.4.1.11): which parts of nTSecurityDescriptor a read returns or a
 * write replaces. Writing with DACL only leaves the owner, group and SACL as they are (and needs no
 * SeSecurityPrivilege, which touching the SACL would).
 */
import { Control } from 'ldapts';

/** The control's OID. */
export const sdFlagsOid = '1.2.840.113556.1.4.801';

/** Security information bits: OWNER 1, GROUP 2, DACL 4, SACL 8. */
export const securityInformation = { owner: 1, group: 2, dacl: 4, sacl: 8 } as const;

/** SD_FLAGS control; the value is BER SEQUENCE { INTEGER flags } (flags below 128 fit one content byte). */
export class SdFlagsControl extends Control {
  constructor(private readonly flags: number = securityInformation.dacl) {
    super(sdFlagsOid, { critical: true });
    if (!Number.isInteger(flags) || flags < 0 || flags > 15) throw new Error(`Invalid SD flags ${flags}`);
  }

  protected override writeControl(writer: Parameters<Control['write']>[0]): void {
    writer.writeBuffer(Buffer.from([0x30, 0x03, 0x02, 0x01, this.flags]), 0x04);
  }
}
