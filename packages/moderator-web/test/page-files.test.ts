import { readFileSync } from 'node:fs';
import { MAX_REVIEW_PAGE_SIZE, REVIEW_FLAG_KINDS, REVIEW_QUEUE_SORTS, STATS_INTERVALS } from '@moderato/storage';
import { expect } from 'chai';

const publicFile = (name: string): string => readFileSync(new URL(`../public/${name}`, import.meta.url), 'utf8');
const html = publicFile('index.html');
const css = publicFile('app.css');
const script = publicFile('app.js');

/** Every start tag of `tag` in the page, with its attributes as written. */
function tags(tag: string): Array<Record<string, string>> {
  return [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'gi'))].map((match) =>
    Object.fromEntries([...(match[1] ?? '').matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map(([, name, value]) => [name!.toLowerCase(), value ?? ''])),
  );
}

/** The values of the options of `<select id="…">`, in order. */
function optionValues(selectId: string): string[] {
  const select = new RegExp(`<select\\b[^>]*\\bid="${selectId}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (!select) throw new Error(`no <select id="${selectId}"> in the page`);
  return [...(select[1] ?? '').matchAll(/<option\b[^>]*\bvalue="([^"]*)"/g)].map((match) => match[1] ?? '');
}

describe('moderator web: the page files', () => {
  it('loads its one script and one stylesheet from this origin, with nothing inline', () => {
    expect(tags('script')).to.deep.equal([{ type: 'module', src: 'app.js' }]);
    expect(tags('link')).to.deep.equal([{ rel: 'stylesheet', href: 'app.css' }]);
    expect(html).not.to.match(/<style\b/i);
    expect(html).not.to.match(/\sstyle=/i);
    expect(html).not.to.match(/\son[a-z]+=/i);
    expect(html).not.to.match(/javascript:/i);
  });

  it('refers to no other origin, in the page, the stylesheet or the script', () => {
    expect(html).not.to.match(/(src|href)="(https?:)?\/\//i);
    expect(css).not.to.match(/@import|url\(/i);
    expect(script).not.to.match(/^\s*import\b/m);
    expect(script).not.to.match(/fetch\(\s*['"`]https?:/);
  });

  it('labels every control', () => {
    const controls = [...tags('input'), ...tags('select')];
    expect(controls).to.have.length.above(0);
    const labelled = new Set(tags('label').map((label) => label.for));
    for (const control of controls) expect(labelled, `#${control.id}`).to.include(control.id);
  });

  it('announces status messages in a live region', () => {
    expect(tags('p').find((p) => p.id === 'status')).to.include({ role: 'status', 'aria-live': 'polite' });
  });

  it('offers exactly the flag kinds, orders and page sizes the API accepts', () => {
    const flagBoxes = tags('input').filter((input) => input.name === 'flag');
    expect(flagBoxes.map((box) => box.value)).to.deep.equal([...REVIEW_FLAG_KINDS]);
    expect(optionValues('sort')).to.deep.equal([...REVIEW_QUEUE_SORTS]);
    expect(tags('input').find((input) => input.id === 'limit')).to.include({ min: '1', max: String(MAX_REVIEW_PAGE_SIZE) });
    expect(script).to.contain(`const MAX_LIMIT = ${MAX_REVIEW_PAGE_SIZE};`);
  });

  it('offers exactly the intervals the sentiment stats accept, and defaults to one of them', () => {
    expect(optionValues('stats-interval')).to.deep.equal([...STATS_INTERVALS]);
    const defaultInterval = /^const DEFAULT_INTERVAL = '([^']*)';$/m.exec(script)?.[1];
    expect(STATS_INTERVALS).to.include(defaultInterval);
    expect(tags('option').find((option) => option.value === defaultInterval)).to.have.property('selected');
  });
});
