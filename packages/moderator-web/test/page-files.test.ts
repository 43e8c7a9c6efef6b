import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { sep } from 'node:path';
import {
  GROUPED_STATS_SORTS, MAX_GROUPED_STATS_LIMIT, MAX_REVIEW_PAGE_SIZE, REVIEW_FLAG_KINDS, REVIEW_QUEUE_SORTS, STATS_EXCLUDABLE_FLAGS, STATS_INTERVALS,
} from '@moderato/storage';
import { expect } from 'chai';
import ts from 'typescript';

const PUBLIC_DIR = new URL('../public/', import.meta.url);
const publicFile = (name: string): string => readFileSync(new URL(name, PUBLIC_DIR), 'utf8');
const html = publicFile('index.html');
const css = publicFile('app.css');

/** A module of the page: its path under public/, its source, and what it imports as written. */
interface PageModule {
  path: string;
  source: string;
  imports: string[];
}

/**
 * The modules the page runs: its module scripts and everything they import, followed the way a browser does. TypeScript's
 * scanner finds static, dynamic and re-exporting imports, and skips comments (the JSDoc `@import`s are types only).
 * An import that leaves public/ or names a missing file is not followed; the tests below name it.
 */
function pageModules(entries: readonly string[]): Map<string, PageModule> {
  const modules = new Map<string, PageModule>();
  const waiting = [...entries];
  for (let path = waiting.shift(); path !== undefined; path = waiting.shift()) {
    if (modules.has(path)) continue;
    const source = publicFile(path);
    const imports = ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
    modules.set(path, { path, source, imports });
    for (const specifier of imports) {
      const target = publicPath(specifier, path);
      if (target !== undefined && existsSync(new URL(target, PUBLIC_DIR))) waiting.push(target);
    }
  }
  return modules;
}

/** Where a relative import from `from` lands under public/, or undefined for anything else. */
function publicPath(specifier: string, from: string): string | undefined {
  if (!/^\.\.?\//.test(specifier)) return undefined;
  const url = new URL(specifier, new URL(from, PUBLIC_DIR));
  return url.href.startsWith(PUBLIC_DIR.href) && !url.search && !url.hash ? url.href.slice(PUBLIC_DIR.href.length) : undefined;
}

/** Every file and folder under public/, as a path relative to it. */
const publicFiles = readdirSync(PUBLIC_DIR, { recursive: true, encoding: 'utf8' }).map((file) => file.split(sep).join('/'));

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

const modules = pageModules(tags('script').map((script) => script.src ?? ''));

/** The value of `const name = …;` in the one module that declares it. */
function constantValue(name: string): string {
  const declarations = [...modules.values()].flatMap(({ path, source }) =>
    [...source.matchAll(new RegExp(`^(?:export )?const ${name} = (.*);$`, 'gm'))].map((match) => ({ path, value: match[1] ?? '' })),
  );
  expect(declarations.map(({ path }) => path), `modules declaring ${name}`).to.have.length(1);
  return declarations[0]!.value;
}

describe('moderator web: the page files', () => {
  it('loads one module script, one stylesheet and its icon from this origin, with nothing inline', () => {
    expect(tags('script')).to.deep.equal([{ type: 'module', src: 'js/main.js' }]);
    expect(tags('link').filter((link) => link.rel !== 'modulepreload')).to.deep.equal([
      { rel: 'icon', href: 'favicon.svg', type: 'image/svg+xml' },
      { rel: 'stylesheet', href: 'app.css' },
    ]);
    expect(html).not.to.match(/<style\b/i);
    expect(html).not.to.match(/\sstyle=/i);
    expect(html).not.to.match(/\son[a-z]+=/i);
    expect(html).not.to.match(/javascript:/i);
  });

  it('refers to no other origin, in the page, the stylesheet or the modules', () => {
    expect(html).not.to.match(/(src|href)="(https?:)?\/\//i);
    expect(css).not.to.match(/@import|url\(/i);
    for (const { path, source } of modules.values()) expect(source, path).not.to.match(/fetch\(\s*['"`]https?:/);
  });

  // The router serves each page file at its path under public/, so a relative import is a same-origin one that it serves.
  it('imports only its own modules, by relative paths that stay in public/', () => {
    expect([...modules.keys()]).to.include('js/main.js');
    for (const { path, imports } of modules.values()) {
      for (const specifier of imports) {
        expect(specifier, `${path} imports ${specifier}`).to.match(/^\.\.?\/[\w./-]*\.js$/);
        const target = publicPath(specifier, path);
        expect(target, `${path} imports ${specifier}, outside public/`).to.be.a('string');
        expect(existsSync(new URL(target!, PUBLIC_DIR)), `${path} imports ${specifier}, which is missing`).to.equal(true);
      }
    }
  });

  // Without the preloads the browser finds the modules one import level at a time, a round trip per level.
  it('preloads exactly the modules its script imports', () => {
    const preloaded = tags('link').filter((link) => link.rel === 'modulepreload').map((link) => link.href ?? '');
    expect(preloaded.sort()).to.deep.equal([...modules.keys()].filter((path) => path !== 'js/main.js').sort());
  });

  it('holds no module that the page does not import', () => {
    expect(publicFiles.filter((file) => file.endsWith('.js')).sort()).to.deep.equal([...modules.keys()].sort());
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
    expect(constantValue('MAX_LIMIT')).to.equal(String(MAX_REVIEW_PAGE_SIZE));
  });

  it('offers exactly the intervals the sentiment stats accept, and defaults to one of them', () => {
    expect(optionValues('stats-interval')).to.deep.equal([...STATS_INTERVALS]);
    const defaultInterval = /^'([^']*)'$/.exec(constantValue('DEFAULT_INTERVAL'))?.[1];
    expect(STATS_INTERVALS).to.include(defaultInterval);
    expect(tags('option').find((option) => option.value === defaultInterval)).to.have.property('selected');
  });

  it('offers exactly the orders and row counts the per-article and per-author figures accept', () => {
    expect(optionValues('rank-sort')).to.deep.equal([...GROUPED_STATS_SORTS]);
    expect(tags('input').find((input) => input.id === 'rank-limit')).to.include({ min: '1', max: String(MAX_GROUPED_STATS_LIMIT) });
    expect(constantValue('MAX_RANK_LIMIT')).to.equal(String(MAX_GROUPED_STATS_LIMIT));
    const defaultSort = /^'([^']*)'$/.exec(constantValue('DEFAULT_RANK_SORT'))?.[1];
    expect(tags('option').find((option) => option.value === defaultSort)).to.have.property('selected');
  });

  it('counts back in exactly the flag kinds the figures leave out', () => {
    const kinds = [...constantValue('STATS_EXCLUDABLE').matchAll(/'([^']*)'/g)].map((match) => match[1]);
    expect(kinds).to.deep.equal([...STATS_EXCLUDABLE_FLAGS]);
  });
});
