import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../main/app/security-headers';

const indexHtml = () => readFile(new URL('../../renderer/index.html', import.meta.url), 'utf8');

const directives = (policy: string) =>
  policy
    .split(';')
    .map((directive) => directive.trim().replace(/\s+/g, ' '))
    .filter((directive) => directive !== '');

describe('renderer/index.html', () => {
  it('carries the same CSP as the host headers, except what a meta tag cannot hold', async () => {
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(await indexHtml());
    expect(meta).not.toBeNull();
    // frame-ancestors is ignored in <meta> and Chromium logs an error for it; the header carries it.
    const expected = directives(contentSecurityPolicy).filter((directive) => !directive.startsWith('frame-ancestors'));
    expect(directives(meta?.[1] ?? '')).toEqual(expected);
  });

  it('has no inline script or style for the CSP to refuse', async () => {
    const html = await indexHtml();
    for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      expect(match[1]).toMatch(/\bsrc=/);
      expect(match[2]?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle\s*=|\son[a-z]+\s*=/i);
  });
});
