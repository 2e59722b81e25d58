// Shows a submission (what GET /api/v1/submissions/{id} answers) on the page.

const $ = (id) => document.getElementById(id);

/** The text of an output: UTF-8 as it is; base64 (bytes that are not UTF-8) decoded, bad bytes as U+FFFD. */
export function outputText(data, encoding) {
  if (data == null) return '';
  if (encoding !== 'base64') return data;
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

function outputNote(data, encoding, truncated) {
  const notes = [];
  if (encoding === 'base64') notes.push(`binary: ${atob(data ?? '').length} bytes, invalid UTF-8 shown as \uFFFD`);
  if (truncated) notes.push('truncated at the output limit');
  return notes.join('; ');
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  row.appendChild(td);
}

export function clearResult() {
  for (const id of ['verdict-box', 'compile-box', 'outputs', 'runs-box']) $(id).hidden = true;
  $('runs').tBodies[0].replaceChildren();
}

export function showResult(view) {
  $('status').textContent = view.status;
  if (view.status !== 'COMPLETED') return;
  const verdict = $('verdict');
  verdict.textContent = view.verdict;
  verdict.className = view.verdict === 'ACCEPTED' ? 'verdict-ACCEPTED' : 'verdict-bad';
  // a compile error's detail repeats the compiler output shown below it: its first line is enough
  const detail = view.verdictDetail ?? '';
  $('verdict-detail').textContent = view.compile && view.verdict === 'COMPILATION_ERROR' ? detail.split('\n')[0] : detail;
  const metrics = [
    ['exit', view.signal ? `signal ${view.signal}` : view.exitCode],
    ['CPU time', view.cpuTimeMs != null ? `${view.cpuTimeMs} ms` : null],
    ['wall time', view.wallTimeMs != null ? `${view.wallTimeMs} ms` : null],
    ['memory', view.memoryKb != null ? `${view.memoryKb} KB` : null],
    ['time limit', view.timeLimit],
  ].filter(([, value]) => value != null);
  $('metrics').replaceChildren(...metrics.flatMap(([name, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = String(value);
    dd.dataset.metric = name;
    return [dt, dd];
  }));
  $('verdict-box').hidden = false;

  const compile = view.compile;
  $('compile-box').hidden = !compile;
  if (compile) {
    const output = outputText(compile.output?.data, compile.output?.encoding);
    $('compile-output').textContent = output || '(no compiler output)';
  }

  $('stdout').textContent = outputText(view.stdout, view.stdoutEncoding);
  $('stdout-note').textContent = outputNote(view.stdout, view.stdoutEncoding, view.stdoutTruncated);
  $('stderr').textContent = outputText(view.stderr, view.stderrEncoding);
  $('stderr-note').textContent = outputNote(view.stderr, view.stderrEncoding, view.stderrTruncated);
  $('outputs').hidden = view.stdout == null && view.stderr == null;

  const runs = view.runs ?? [];
  const body = $('runs').tBodies[0];
  body.replaceChildren();
  for (const run of runs) {
    const row = document.createElement('tr');
    cell(row, run.testCase); // 0-based, as the verdict details name test cases
    cell(row, run.verdict);
    cell(row, run.signal ? `signal ${run.signal}` : run.exitCode);
    cell(row, run.cpuTimeMs);
    cell(row, run.wallTimeMs);
    cell(row, run.memoryKb);
    cell(row, run.verdictDetail);
    body.appendChild(row);
  }
  $('runs-box').hidden = runs.length === 0;
}
