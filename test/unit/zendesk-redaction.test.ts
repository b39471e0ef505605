import { describe, expect, it } from 'vitest';
import { showsPersonalData } from '../../src/connectors/masking';
import { commentShowsData } from '../../src/connectors/zendesk/discovery';
import { redactionOf } from '../../src/connectors/zendesk/redaction';

const shows = (t: string | null | undefined): boolean => showsPersonalData(t, ['▇']);
const comment = (
  html: string,
  plain: string,
  attachments: Array<{ file_name: string; content_url?: string }> = [],
) => ({
  id: 1,
  author_id: 2,
  html_body: html,
  plain_body: plain,
  attachments: attachments.map((a, i) => ({ id: 10 + i, content_url: null, ...a })),
});

describe('redacting a Zendesk comment whole', () => {
  it('wraps every text, leading and trailing included, and marks images and links, leaving the HTML otherwise as it was', () => {
    const html =
      'Hi <b>there</b>, mail <a href="mailto:ada@example.com">me</a><img src="https://x/y.png"> bye';
    const { html_body } = redactionOf(comment(html, 'Hi there, mail me bye'));
    expect(html_body).toBe(
      '<redact>Hi </redact><b><redact>there</redact></b><redact>, mail </redact><a redact href="mailto:ada@example.com"><redact>me</redact></a><img redact src="https://x/y.png"><redact> bye</redact>',
    );
    // Without its redact tags and attributes it is the comment's own HTML: what the endpoint checks.
    expect(html_body.replace(/<\/?redact>/g, '').replace(/ redact\b/g, '')).toBe(html);
  });

  it('names every attachment not yet redacted, inline images included', () => {
    const c = comment('<p>x</p>', 'x', [
      { file_name: 'passport.pdf', content_url: 'https://z/a/1' },
      { file_name: 'redacted.txt', content_url: 'https://z/a/2' },
      { file_name: 'image.png', content_url: 'https://z/a/3' },
    ]);
    expect(redactionOf(c).external_attachment_urls).toEqual(['https://z/a/1', 'https://z/a/3']);
  });
});

describe('whether a comment still shows data', () => {
  it('is no when only placeholders and redacted files remain', () => {
    expect(commentShowsData(comment('<p>▇▇▇</p>', '▇▇▇', [{ file_name: 'redacted.txt' }]), shows)).toBe(
      false,
    );
  });

  it('is yes for words, a file, an image or a link left behind', () => {
    expect(commentShowsData(comment('<p>▇▇ hi</p>', '▇▇ hi'), shows)).toBe(true);
    expect(commentShowsData(comment('<p>▇</p>', '▇', [{ file_name: 'a.pdf' }]), shows)).toBe(true);
    expect(commentShowsData(comment('<p>▇<img src="x"></p>', '▇'), shows)).toBe(true);
    expect(commentShowsData(comment('<a href="mailto:a@b.c">▇</a>', '▇'), shows)).toBe(true);
    expect(commentShowsData(comment('<a href="▇▇▇">▇</a>', '▇'), shows)).toBe(false);
  });
});
