// The explorer a developer opens at /graphql: GraphiQL from our own packages,
// tried in a real headless Chromium. It must load and answer a query with no
// request leaving this server (offline, behind a proxy that blocks CDNs).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { API_VERSION } from '../../src/server/base-resolvers.js';
import { EXPLORER_ASSETS_PATH } from '../../src/server/explorer.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// CI installs Chromium (.ci/run) and must run this; a developer without it is told how to get it.
const browserMissing = !fs.existsSync(CHROMIUM) && !process.env.CI;
const browserTitle = browserMissing ? `in Chromium (skipped: no ${CHROMIUM}; apt-get install -y chromium)` : 'in Chromium';

/** The status of a GET, its body read to the end: an unread 1 MB body would hold the server's shutdown. */
async function statusOf(url: string): Promise<number> {
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.status;
}

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.stop());

describe.skipIf(browserMissing)(`the GraphiQL explorer ${browserTitle}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(() => browser?.close());

  it('loads with every request going to this server, and runs a query typed into it', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${platform.url}/graphql`);
    // The explorer plugin's button shows the plugin loaded, with the schema it needs.
    await page.getByRole('button', { name: 'Show GraphiQL Explorer' }).waitFor({ timeout: 20_000 });
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    await page.evaluate(() => {
      const editor = document.querySelector('.graphiql-query-editor .CodeMirror') as HTMLElement & { CodeMirror: { setValue(text: string): void } };
      editor.CodeMirror.setValue('query FromTheExplorer { apiInfo { version language } }');
    });
    await page.getByRole('button', { name: /Execute query/ }).click();
    const response = page.locator('.graphiql-response');
    await expect.poll(() => response.innerText(), { timeout: 10_000 }).toContain(`"version": "${API_VERSION}"`);
    expect(await response.innerText()).toContain('"language": "en"');

    // The explorer plugin lists the schema's root fields to click a query together.
    await page.getByRole('button', { name: 'Show GraphiQL Explorer' }).click();
    await page.locator('.graphiql-explorer-root').getByText('healthFacilities', { exact: true }).waitFor({ timeout: 10_000 });

    const origin = new URL(platform.url).origin;
    const elsewhere = requested.filter((url) => new URL(url).origin !== origin && !url.startsWith('data:'));
    expect(elsewhere).toEqual([]);
    expect(requested).toEqual(expect.arrayContaining([`${origin}/graphql`, `${origin}${EXPLORER_ASSETS_PATH}/graphiql.js`, `${origin}${EXPLORER_ASSETS_PATH}/explorer.js`]));
    expect(pageErrors).toEqual([]);
    if (process.env.EXPLORER_SCREENSHOT) await page.screenshot({ path: process.env.EXPLORER_SCREENSHOT });
    await page.close();
  });
});

describe('the explorer routes', () => {
  it('serve only the listed files', async () => {
    expect(await statusOf(`${platform.url}${EXPLORER_ASSETS_PATH}/graphiql.js`)).toBe(200);
    for (const name of ['package.json', '..%2F..%2Fpackage.json', 'index.js']) {
      expect(await statusOf(`${platform.url}${EXPLORER_ASSETS_PATH}/${name}`)).toBe(404);
    }
  });

  it('serve the schema the explorer needs, which introspection over /graphql may not ask for at once', async () => {
    const introspection = (await (await fetch(`${platform.url}${EXPLORER_ASSETS_PATH}/schema.json`)).json()) as { __schema: { types: Array<{ name: string }> } };
    expect(introspection.__schema.types.map((type) => type.name)).toContain('UserErrorCode');
  });
});

describe('other explorer choices', () => {
  const landingPage = async (p: TestPlatform) => (await fetch(`${p.url}/graphql`, { headers: { accept: 'text/html' } })).text();

  it('GRAPHQL_EXPLORER=sandbox serves Apollo Sandbox, which loads from the internet', async () => {
    const sandbox = await startTestPlatform({ GRAPHQL_EXPLORER: 'sandbox' });
    try {
      const html = await landingPage(sandbox);
      expect(html).toMatch(/embeddable-sandbox/);
      expect(await statusOf(`${sandbox.url}${EXPLORER_ASSETS_PATH}/graphiql.js`)).toBe(404);
    } finally {
      await sandbox.stop();
    }
  });

  it('the default is GraphiQL from this server', async () => {
    const html = await landingPage(platform);
    expect(html).toContain(`${EXPLORER_ASSETS_PATH}/graphiql.js`);
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
  });
});
