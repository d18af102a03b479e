import { describe, expect, it } from 'vitest';
import { defaultHtmlPath } from './write-reports.js';

describe('the default HTML report path', () => {
  it('is reports/<suite>-<run>.html with the suite name safe as a file name', () => {
    expect(defaultHtmlPath('support-replies', 3)).toBe('reports/support-replies-3.html');
    expect(defaultHtmlPath('../../etc/passwd', 1)).toBe('reports/etc-passwd-1.html');
    expect(defaultHtmlPath('<b>xss</b> suite: "réponses" ✓', 2)).toBe('reports/b-xss-b-suite-reponses-2.html');
    expect(defaultHtmlPath('...', 4)).toBe('reports/suite-4.html');
    expect(defaultHtmlPath('x'.repeat(500), 5)).toBe(`reports/${'x'.repeat(80)}-5.html`);
  });
});
