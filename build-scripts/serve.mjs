// serve.mjs — `make run`: serves dist/web (built by make) on 127.0.0.1 at a
// free port (PORT overrides) and prints the URL. A plain static server:
// GET/HEAD only, no directory listing, nothing outside the root, .wasm as
// application/wasm. Also imported by the browser tests (startServer).
import http from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { resolve, sep, extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Start a static server for `root`; resolves to { url, port, close() }. */
export function startServer({ root, port = 0, host = '127.0.0.1', log = null } = {}) {
  const base = resolve(root);
  const server = http.createServer((req, res) => {
    const done = (code, msg) => {
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : msg);
      if (log) log(`${code} ${req.method} ${req.url}`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return done(405, 'method not allowed\n');
    let path;
    try { path = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { return done(400, 'bad request\n'); }
    if (path.endsWith('/')) path += 'index.html';
    const file = resolve(base, `.${path}`);
    if (file !== base && !file.startsWith(base + sep)) return done(403, 'forbidden\n');
    let st;
    try { st = statSync(file); } catch { return done(404, 'not found\n'); }
    if (!st.isFile()) return done(404, 'not found\n');
    res.writeHead(200, {
      'content-type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
      'content-length': st.size,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const p = server.address().port;
      ok({ url: `http://${host}:${p}/`, port: p, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = fileURLToPath(new URL('../dist/web/', import.meta.url));
  try { statSync(resolve(root, 'index.html')); } catch {
    console.error('serve: dist/web/index.html is missing; run make first');
    process.exit(1);
  }
  const port = process.env.PORT ? Number(process.env.PORT) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: PORT must be a port number, got "${process.env.PORT}"`);
    process.exit(1);
  }
  const s = await startServer({ root, port });
  console.log(`gradlab: serving dist/web at ${s.url}  (Ctrl+C to stop)`);
  const stop = () => s.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
