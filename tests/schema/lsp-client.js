// lsp-client.js FILE [LINE COL]: opens FILE in yaml-language-server ($YLS, else
// the one in PATH) as an editor does, and prints its diagnostics
// (and the completion labels at LINE:COL, 0-based, when given). For
// tests/schema/editor-test.sh.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const file = path.resolve(process.argv[2]);
const uri = 'file://' + file;
const srv = spawn(process.env.YLS || 'yaml-language-server', ['--stdio']);
let buf = Buffer.alloc(0), id = 0;
const pending = {};
function send(msg) {
  const s = JSON.stringify(Object.assign({ jsonrpc: '2.0' }, msg));
  srv.stdin.write('Content-Length: ' + Buffer.byteLength(s) + '\r\n\r\n' + s);
}
function request(method, params) {
  return new Promise(res => { const i = ++id; pending[i] = res; send({ id: i, method, params }); });
}
const settings = { yaml: { validate: true, completion: true, hover: true, schemaStore: { enable: false } } };
let diagResolve; const diagP = new Promise(r => diagResolve = r);
srv.stdout.on('data', d => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const h = buf.indexOf('\r\n\r\n'); if (h < 0) return;
    const len = parseInt(/Content-Length: (\d+)/.exec(buf.slice(0, h).toString())[1]);
    if (buf.length < h + 4 + len) return;
    const msg = JSON.parse(buf.slice(h + 4, h + 4 + len).toString());
    buf = buf.slice(h + 4 + len);
    if (msg.id !== undefined && pending[msg.id] && msg.method === undefined) { pending[msg.id](msg.result); delete pending[msg.id]; }
    else if (msg.method === 'workspace/configuration') send({ id: msg.id, result: msg.params.items.map(it => settings[it.section] || settings.yaml) });
    else if (msg.id !== undefined && msg.method) send({ id: msg.id, result: null });
    else if (msg.method === 'textDocument/publishDiagnostics' && msg.params.uri === uri) diagResolve(msg.params.diagnostics);
  }
});
(async () => {
  await request('initialize', { processId: process.pid, rootUri: 'file://' + path.dirname(file), capabilities: { workspace: { configuration: true } } });
  send({ method: 'initialized', params: {} });
  send({ method: 'workspace/didChangeConfiguration', params: { settings } });
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text: fs.readFileSync(file, 'utf8') } } });
  const diags = await Promise.race([diagP, new Promise(r => setTimeout(() => r('timeout'), 20000))]);
  if (diags === 'timeout') console.log('no diagnostics (timeout)');
  else for (const d of diags) console.log(`${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message.replace(/\n/g, ' ').slice(0, 160)}`);
  if (process.argv[3]) {
    const r = await request('textDocument/completion', { textDocument: { uri }, position: { line: +process.argv[3], character: +process.argv[4] } });
    const items = (r && (r.items || r)) || [];
    console.log('completion: ' + items.length + ' items: ' + items.map(i => i.label).join(' '));
  }
  srv.kill(); process.exit(0);
})();
