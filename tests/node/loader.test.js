// load(source): beside the module, a path, a file: URL, bytes, a compiled
// Module, an http URL (with and without the application/wasm MIME type);
// missing or wrong files give an Error naming the file; instances are independent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { load, GradlabError, limits } from '../../dist/gradlab.js';

const wasmUrl = new URL('../../dist/gradlab.wasm', import.meta.url);
const wasmPath = fileURLToPath(wasmUrl);
const bytes = readFileSync(wasmPath);

async function works(lab) {
  assert.ok(lab.activations.includes('relu'));
  assert.deepEqual([...lab.activate('relu', [-2, 3])], [0, 3]);
}

test('load() reads gradlab.wasm beside the module', async () => works(await load()));

test('load() accepts a path, a file: URL, an ArrayBuffer, a Uint8Array and a WebAssembly.Module', async () => {
  await works(await load(wasmPath));
  await works(await load(wasmUrl));
  await works(await load(wasmUrl.href));
  await works(await load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
  await works(await load(new Uint8Array(bytes)));
  await works(await load(new WebAssembly.Module(bytes)));
});

test('load() fetches http URLs, with and without the application/wasm MIME type', async () => {
  const server = createServer((req, res) => {
    if (req.url === '/good.wasm') { res.writeHead(200, { 'content-type': 'application/wasm' }); res.end(bytes); }
    else if (req.url === '/octet.wasm') { res.writeHead(200, { 'content-type': 'application/octet-stream' }); res.end(bytes); }
    else if (req.url === '/html.wasm') { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><p>not found</p>'); }
    else { res.writeHead(404); res.end('nope'); }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    await works(await load(`${base}/good.wasm`));
    await works(await load(new URL(`${base}/octet.wasm`)));
    await assert.rejects(load(`${base}/missing.wasm`), /cannot fetch the WebAssembly module http:\/\/127.0.0.1:\d+\/missing.wasm: HTTP 404/);
    await assert.rejects(load(`${base}/html.wasm`), /html.wasm is not a WebAssembly module \(\d+ bytes, no \\0asm header\)/);
  } finally {
    server.close();
  }
});

test('a missing or wrong .wasm gives an Error that names the file and what is wrong', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-load-'));
  try {
    const missing = join(dir, 'nothere.wasm');
    await assert.rejects(load(missing), (e) => e instanceof GradlabError && e.message.includes(missing) && /does not exist/.test(e.message));
    const text = join(dir, 'text.wasm');
    writeFileSync(text, 'hello, this is not wasm');
    await assert.rejects(load(text), new RegExp(`${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a WebAssembly module`));
    const broken = join(dir, 'broken.wasm');
    writeFileSync(broken, bytes.subarray(0, 2000));
    await assert.rejects(load(broken), /broken.wasm is not a valid gradlab WebAssembly module: .*(CompileError|section|offset|unexpected end)/i);
    // a valid module that is not gradlab: the smallest module there is
    const empty = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    await assert.rejects(load(empty), /is not gradlab.wasm \(or an incompatible version\): it does not export memory, malloc, free/);
    await assert.rejects(load(42), /source must be a URL, a path\/URL string, an ArrayBuffer, a Uint8Array or a WebAssembly.Module, got 42/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('instances are independent: a network in one lab is unaffected by memory use in another', async () => {
  const a = await load();
  const b = await load(bytes);
  const spec = { inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 3 };
  const na = a.network(spec);
  const nb = b.network(spec);
  assert.deepEqual(na.getWeights(), nb.getWeights());
  const d = a.datasets.circles({ n: 100 });
  nb.train(d.X, d.y, { epochs: 3 });
  assert.notDeepEqual(na.getWeights(), nb.getWeights());
  const m0 = a.memoryBytes;
  b.activate('relu', new Float32Array(1 << 22)); // grows b only
  assert.equal(a.memoryBytes, m0);
  na.dispose();
  nb.dispose();
  assert.equal(limits.maxLayers, 64);
});

test('load() works inside a worker thread (as the page trains in a Worker)', async () => {
  const mod = new URL('../../dist/gradlab.js', import.meta.url).href;
  const src = `
    import { parentPort } from 'node:worker_threads';
    const { load } = await import(${JSON.stringify(mod)});
    const lab = await load();
    const d = lab.datasets.circles({ n: 100 });
    const net = lab.network({ inputs: 2, layers: [{ units: 4, activation: 'relu', init: 'he_uniform' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 1 });
    const h = net.train(d.X, d.y, { epochs: 2 });
    parentPort.postMessage({ epochs: h.epochs.length, pred: net.predict(d.X) });`;
  const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(src)}`));
  const msg = await new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
  await w.terminate();
  assert.equal(msg.epochs, 2);
  assert.ok(msg.pred instanceof Float32Array && msg.pred.length === 100);
  // the same seed in this thread gives the same predictions
  const lab = await load();
  const d = lab.datasets.circles({ n: 100 });
  const net = lab.network({ inputs: 2, layers: [{ units: 4, activation: 'relu', init: 'he_uniform' }, { units: 1, activation: 'sigmoid' }], loss: 'binary_crossentropy', seed: 1 });
  net.train(d.X, d.y, { epochs: 2 });
  assert.deepEqual(msg.pred, net.predict(d.X));
});
