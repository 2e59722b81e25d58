// The playground: edit a program, run it through the API, follow its events and show the result.
import { createEditor } from './editor.js';
import { createApi } from './api.js';
import { starterFor } from './starters.js';
import { clearResult, showResult } from './render.js';

const $ = (id) => document.getElementById(id);
const KEY_STORAGE = 'codeexec.apiKey';
const LIMITS = ['cpuTimeMs', 'wallTimeMs', 'memoryMb', 'outputKb'];

const keyField = $('api-key');
keyField.value = localStorage.getItem(KEY_STORAGE) ?? '';
keyField.addEventListener('input', () => localStorage.setItem(KEY_STORAGE, keyField.value.trim()));

const api = createApi(() => keyField.value.trim());
const editor = createEditor($('editor'));
const select = $('language');
let following = null;

function showError(message) {
  const box = $('error');
  box.textContent = message ?? '';
  box.hidden = !message;
}

function chooseLanguage(id, withStarter) {
  select.value = id;
  editor.setLanguage(id);
  if (withStarter) editor.setText(starterFor(id));
}

async function loadLanguages() {
  try {
    const languages = await api.languages();
    select.replaceChildren(...languages.map((l) => new Option(l.name, l.id)));
    chooseLanguage(languages.some((l) => l.id === 'python') ? 'python' : languages[0]?.id, true);
  } catch (e) {
    showError(`Cannot list the languages: ${e.message}`);
  }
}

// the languages need a key too: a page opened without one lists them once a key is entered
keyField.addEventListener('change', () => {
  if (select.options.length === 0) loadLanguages().then(() => { if (select.options.length) showError(null); });
});

select.addEventListener('change', () => {
  const current = editor.text();
  const untouched = current.trim() === '' || Object.values(select.options).some((o) => starterFor(o.value) === current);
  chooseLanguage(select.value, untouched);
});
$('starter').addEventListener('click', () => chooseLanguage(select.value, true));

function addCaseRow(stdin = '', expected = '') {
  const body = $('case-editor').tBodies[0];
  const row = document.createElement('tr');
  row.innerHTML = '<td class="n"></td><td><textarea class="case-stdin" rows="2" spellcheck="false"></textarea></td>'
    + '<td><textarea class="case-expected" rows="2" spellcheck="false"></textarea></td>'
    + '<td><button type="button" title="Remove this test case">✕</button></td>';
  row.querySelector('.case-stdin').value = stdin;
  row.querySelector('.case-expected').value = expected;
  row.querySelector('button').addEventListener('click', () => { row.remove(); numberCases(); });
  body.appendChild(row);
  numberCases();
}
function numberCases() {
  // 0-based, as the API numbers test cases in runs[] and in its verdict details
  [...$('case-editor').tBodies[0].rows].forEach((row, i) => { row.cells[0].textContent = i; });
}
$('add-case').addEventListener('click', () => addCaseRow());

function request() {
  const body = { language: select.value, source: editor.text() };
  const cases = [...$('case-editor').tBodies[0].rows].map((row) => ({
    stdin: row.querySelector('.case-stdin').value,
    expectedOutput: row.querySelector('.case-expected').value,
  }));
  if (cases.length) body.testCases = cases;
  else body.stdin = $('stdin').value;
  const limits = {};
  for (const name of LIMITS) {
    const value = $(`limit-${name}`).value.trim();
    if (value !== '') limits[name] = Number(value);
  }
  if (Object.keys(limits).length) body.limits = limits;
  return body;
}

async function follow(id) {
  following?.abort();
  const controller = new AbortController();
  following = controller;
  const share = $('share');
  share.href = `#/submissions/${id}`;
  share.hidden = false;
  let done = false;
  const finish = (view) => {
    if (done || following !== controller) return;
    done = true;
    showResult(view);
  };
  // a safety net: a stream that stays open without its result (a result the live events missed)
  // must not leave the page waiting, so the submission is also read every few seconds
  (async () => {
    while (!done && following === controller) {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      if (done || following !== controller) return;
      try {
        const view = await api.get(id);
        if (view.status === 'COMPLETED') { finish(view); controller.abort(); }
      } catch { /* the stream or the next read will tell */ }
    }
  })();
  try {
    await api.follow(id, (name, data) => {
      if (name === 'status') $('status').textContent = data.status;
      // testCase is 0-based, as in runs[]; said 1-based here, as ./codeexec run says it
      else if (name === 'progress') $('status').textContent = `RUNNING: test case ${data.testCase + 1} of ${data.testCases}`;
      else if (name === 'result') finish(data);
    }, controller.signal);
  } catch (e) {
    if (controller.signal.aborted) return;
    if (e.status) { done = true; showError(e.message); return; }
  }
  // the stream ended early (a timeout or a dropped connection): read the submission instead
  while (!done && following === controller) {
    const view = await api.get(id);
    showResult(view);
    done = view.status === 'COMPLETED';
    if (!done) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function run() {
  const button = $('run');
  button.disabled = true;
  showError(null);
  clearResult();
  $('share').hidden = true;
  $('status').textContent = 'Submitting…';
  try {
    const accepted = await api.submit(request());
    $('status').textContent = accepted.status;
    history.replaceState(null, '', `#/submissions/${accepted.id}`);
    await follow(accepted.id);
  } catch (e) {
    $('status').textContent = 'Not submitted';
    showError(e.message);
  } finally {
    button.disabled = false;
  }
}
$('run').addEventListener('click', run);

async function openFromLink() {
  const match = /^#\/submissions\/([\w-]+)$/.exec(location.hash);
  if (!match) return;
  clearResult();
  showError(null);
  try {
    const view = await api.get(match[1]);
    if (view.language && [...select.options].some((o) => o.value === view.language)) chooseLanguage(view.language, false);
    showResult(view);
    if (view.status !== 'COMPLETED') await follow(match[1]);
    else { $('share').href = location.hash; $('share').hidden = false; }
  } catch (e) {
    showError(e.message);
  }
}
window.addEventListener('hashchange', openFromLink);

loadLanguages().then(openFromLink);
