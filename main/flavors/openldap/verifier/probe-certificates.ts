/**
 * Two throwaway self-signed certificates (P-256, their private keys never kept) the verifier publishes on its probe
 * mailboxes to attack the certificates set: valid DER, so only the access rules can refuse a write of them.
 */
import { Attribute, Change } from 'ldapts';

const der = [
  'MIIBnzCCAUWgAwIBAgIUc/bk0BCCzjh66wSfipbnYnGUXGgwCgYIKoZIzj0EAwIwJDEiMCAGA1UEAwwZRW5jbGF2ZSBpc29sYXRpb24gcHJvYmUgMTAgFw0yNjEyMDMwOTA0MTNaGA8yMTI2MTEwOTA5MDQxM1owJDEiMCAGA1UEAwwZRW5jbGF2ZSBpc29sYXRpb24gcHJvYmUgMTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABHfcqD3DAn2DqDInp4GmcIci302MiXdUkPpIzEZTiUrUPW7DCrbs7rJTuyhjKaIpMwZNGblOpbqXpYJ+2574b0SjUzBRMB0GA1UdDgQWBBSxIE06AQCwr3Ih7U8Gzc3lVuY3LjAfBgNVHSMEGDAWgBSxIE06AQCwr3Ih7U8Gzc3lVuY3LjAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQCyDLMSXg8qzEDXdNXQI49AhFJVDWFaFh/TgUT+QWJb7AIgeCo8CiTagBn/knWoN4Yq2Rvieofq3LTpNbTGs+geaOc=',
  'MIIBnzCCAUWgAwIBAgIUNb2B+YU8DbwP3+YsIEp3oYbYjYIwCgYIKoZIzj0EAwIwJDEiMCAGA1UEAwwZRW5jbGF2ZSBpc29sYXRpb24gcHJvYmUgMjAgFw0yNjEyMDMwOTA0MTNaGA8yMTI2MTEwOTA5MDQxM1owJDEiMCAGA1UEAwwZRW5jbGF2ZSBpc29sYXRpb24gcHJvYmUgMjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABPtVC3yqnS8wGuUm0NgUMTNcXKA2xloGclE2eGB2jecIFLA4F68hvbdZPTDlPvlwnTHuGwfOauhNCV0thVA4dQWjUzBRMB0GA1UdDgQWBBS4f8xSQTi5seNraXSuuV2TWrpohjAfBgNVHSMEGDAWgBS4f8xSQTi5seNraXSuuV2TWrpohjAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQDYqoJeeHHOQ/6l1BTKUD98ehHWZdCdaHGN777ElSoBvQIgbbWOIOoBcn4WI9x0Bec2NFtJxDJasqWitrhtvisYMyU=',
].map((text) => Buffer.from(text, 'base64'));

/** The certificate every probe mailbox carries, and a second one that writes add. */
export const [publishedCertificate, otherCertificate] = der as [Buffer, Buffer];

/** How a certificate attribute is sent (OpenLDAP's userCertificate needs the ;binary transfer option). */
export const wireName = (attribute: string): string => (attribute.toLowerCase() === 'usercertificate' ? 'userCertificate;binary' : attribute);

/** True for the attributes whose values are certificates (binary, sent as bytes). */
export const holdsCertificates = (attribute: string): boolean => ['usercertificate', 'usersmimecertificate'].includes(attribute.toLowerCase());

/** A modify of certificate values, as bytes. */
export const certificateChange = (operation: 'add' | 'delete' | 'replace', attribute: string, values: Buffer[]): Change =>
  new Change({ operation, modification: new Attribute({ type: wireName(attribute), values }) });
