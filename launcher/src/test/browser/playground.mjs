// Drives the playground page like a user, in headless Chromium, and reports what the page shows.
//   node playground.mjs URL KEY SCENARIOS.json OUT_DIR
// Each scenario ({name, key?, language, source, stdin?, limits?, testCases?, reopen?}) is typed into the
// page and run; one JSON line per scenario goes to stdout ({name, status, verdict, detail, stdout,
// stdoutNote, stderr, compileOutput, error, share, statuses, runs, metrics, and with reopen what
// its link shows in a new tab: reopened}), and a screenshot to
// OUT_DIR/NAME.png. The assertions are the JUnit test's (EndToEndTest, through PlaygroundBrowser).
// Chromium: CHROMIUM (default /usr/bin/chromium).
import { readFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';

const [url, key, scenariosFile, outDir] = process.argv.slice(2);
const scenarios = JSON.parse(readFileSync(scenariosFile, 'utf8'));
const RESULT_TIMEOUT_MS = 90_000;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // root in CI: Chromium's own sandbox needs an unprivileged user
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--window-size=1400,1000'],
  defaultViewport: { width: 1400, height: 1000 },
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('.cm-editor');
  for (const scenario of scenarios) {
    const shown = await run(page, scenario);
    if (scenario.reopen && shown.share) shown.reopened = await reopen(shown.share, scenario.name);
    console.log(JSON.stringify(shown));
  }
} finally {
  await browser.close();
}

// the submission's link, opened in a new tab (same browser, so the key is in localStorage)
async function reopen(share, name) {
  const tab = await browser.newPage();
  try {
    await tab.goto(new URL(share, url).href, { waitUntil: 'load' });
    await tab.waitForFunction(() => !document.querySelector('#verdict-box').hidden, { timeout: 30_000 });
    await tab.screenshot({ path: `${outDir}/${name}-link.png`, fullPage: true });
    return await shownOn(tab, `${name}-link`);
  } finally {
    await tab.close();
  }
}

async function setField(page, selector, value) {
  await page.$eval(selector, (el) => { el.value = ''; });
  if (value) await page.type(selector, value);
  await page.$eval(selector, (el) => el.dispatchEvent(new Event('change')));
}

async function run(page, scenario) {
  await setField(page, '#api-key', scenario.key ?? key);
  await page.waitForFunction(() => document.querySelector('#language').options.length > 0, { timeout: 30_000 });
  await page.select('#language', scenario.language);
  // type the program as a user would: into the editor, replacing what is there
  await page.click('.cm-content');
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(scenario.source);
  await setField(page, '#stdin', scenario.stdin ?? '');
  // the limits are in a folded section: unfold it as a user would
  if (!(await page.$eval('#limit-cpuTimeMs', (el) => el.closest('details').open))) {
    await page.click('xpath///summary[starts-with(., "Limits")]');
  }
  for (const name of ['cpuTimeMs', 'wallTimeMs', 'memoryMb', 'outputKb']) {
    await setField(page, `#limit-${name}`, scenario.limits?.[name] != null ? String(scenario.limits[name]) : '');
  }
  // the test-case table: emptied, then one row per case, typed in
  for (const remove of await page.$$('#case-editor tbody button')) await remove.click();
  if (scenario.testCases?.length) {
    if (!(await page.$eval('#add-case', (el) => el.closest('details').open))) {
      await page.click('xpath///summary[starts-with(., "Test cases")]');
    }
    for (const [i, testCase] of scenario.testCases.entries()) {
      await page.click('#add-case');
      await page.type(`#case-editor tbody tr:nth-child(${i + 1}) .case-stdin`, testCase.stdin);
      await page.type(`#case-editor tbody tr:nth-child(${i + 1}) .case-expected`, testCase.expectedOutput);
    }
  }
  // every status line the page shows while the run goes on
  await page.evaluate(() => {
    window.statusesSeen = [];
    new MutationObserver(() => window.statusesSeen.push(document.getElementById('status').textContent))
      .observe(document.getElementById('status'), { childList: true, characterData: true, subtree: true });
  });
  await page.click('#run');
  // the run ends with a verdict shown, or an error message
  try {
    await page.waitForFunction(() => document.querySelector('#run').disabled === false
      && (!document.querySelector('#verdict-box').hidden || !document.querySelector('#error').hidden),
      { timeout: RESULT_TIMEOUT_MS, polling: 100 });
  } catch (e) {
    // what the page showed when it gave up, for the test's report
    await page.screenshot({ path: `${outDir}/${scenario.name}-timeout.png`, fullPage: true });
    throw new Error(`${scenario.name}: no outcome shown in time: ${JSON.stringify(await shownOn(page, scenario.name))}`, { cause: e });
  }
  await page.screenshot({ path: `${outDir}/${scenario.name}.png`, fullPage: true });
  return shownOn(page, scenario.name);
}

function shownOn(page, name) {
  return page.evaluate((name) => {
    const text = (id) => document.getElementById(id).textContent;
    const shown = (id) => !document.getElementById(id).hidden;
    return {
      name,
      editor: document.querySelector('.cm-content').innerText,
      status: text('status'),
      verdict: shown('verdict-box') ? text('verdict') : null,
      detail: shown('verdict-box') ? text('verdict-detail') : null,
      stdout: shown('outputs') ? text('stdout') : null,
      stdoutNote: shown('outputs') ? text('stdout-note') : null,
      stderr: shown('outputs') ? text('stderr') : null,
      compileOutput: shown('compile-box') ? text('compile-output') : null,
      error: shown('error') ? text('error') : null,
      share: shown('share') ? document.getElementById('share').getAttribute('href') : null,
      statuses: [...new Set(window.statusesSeen)],
      runs: shown('runs-box') ? [...document.querySelectorAll('#runs tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent)) : [],
      metrics: !shown('verdict-box') ? {} : Object.fromEntries([...document.querySelectorAll('#metrics dd')].map((dd) => [dd.dataset.metric, dd.textContent])),
    };
  }, name);
}
