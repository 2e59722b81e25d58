// The codeexec REST API as the page uses it. The key goes in the X-Api-Key header; the event stream
// is read with fetch() (EventSource cannot send headers) and parsed here.

export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(describe(status, problem, retryAfter));
    this.status = status;
    this.problem = problem;
  }
}

function describe(status, problem, retryAfter) {
  const detail = problem?.detail || problem?.title || '';
  const field = problem?.field ? ` (field: ${problem.field})` : '';
  switch (status) {
    case 401: return `401: the API key is missing or refused. Enter the key ./codeexec up printed. ${detail}`;
    case 413: return `413: the request is too large: ${detail}${field}`;
    case 422: return `422: the request was refused: ${detail}${field}`;
    case 429: return `429: too many requests${retryAfter ? `, retry in ${retryAfter} s` : ''}: ${detail}`;
    default: return `${status}: ${detail || 'the API answered an error'}${field}`;
  }
}

export function createApi(keyOf) {
  const headers = (extra = {}) => {
    const key = keyOf();
    return key ? { 'X-Api-Key': key, ...extra } : extra;
  };
  async function call(path, init = {}) {
    const response = await fetch(path, { ...init, headers: headers(init.headers) });
    if (!response.ok) {
      let problem = null;
      try { problem = await response.json(); } catch { /* not JSON */ }
      throw new ApiError(response.status, problem, response.headers.get('Retry-After'));
    }
    return response;
  }
  return {
    languages: async () => (await call('api/v1/languages')).json(),
    submit: async (body) => (await call('api/v1/submissions', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    })).json(),
    get: async (id) => (await call(`api/v1/submissions/${encodeURIComponent(id)}`)).json(),
    /** Calls onEvent(name, data) for each event until the stream ends; resolves when it ends. */
    follow: async (id, onEvent, signal) => {
      const response = await call(`api/v1/submissions/${encodeURIComponent(id)}/events`,
        { headers: { Accept: 'text/event-stream' }, signal });
      await readEvents(response.body, onEvent);
    },
  };
}

/** Parses a text/event-stream body (events separated by blank lines, fields "event:" and "data:"). */
export async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, end), onEvent);
      buffer = buffer.slice(end + 2);
    }
  }
  if (buffer.trim()) dispatch(buffer, onEvent);
}

function dispatch(block, onEvent) {
  let name = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') name = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length) onEvent(name, JSON.parse(data.join('\n')));
}
