// A portal in front of the product, as the README tells one to build it: the README's Node
// endpoint minting portal sessions for the signed-in user (run verbatim, on the test's
// secret), `/api/v2/` and `/widget/` routed to the proxy so the widget stays same-origin,
// and host pages that run the README's HTML, React 19 (StrictMode) and Vue 3 examples.
// React, React DOM and Vue come from e2e/node_modules (pinned in package.json) as ES modules;
// the TypeScript examples are compiled by the pinned `typescript`: no bundler, no download.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import jwt from 'jsonwebtoken';
import ts from 'typescript';
import { freePort, startProxy } from './product.js';
import { readmeExample, replaceOnce } from './readme.js';

const here = import.meta.dirname;
const modules = join(here, 'node_modules');
const require = createRequire(import.meta.url);
let loaded = 0;

/** The portal's users and their servers (the emulator's fixture). */
export const USERS = {
  alice: { id: 'alice', instanceIds: ['ins-web-01', 'ins-db-01'] },
  bob: { id: 'bob', instanceIds: ['ins-lab-01'] },
  carol: { id: 'carol', instanceIds: ['ins-web-02'] },
};

/**
 * Starts the proxy with portal sessions and the portal in front of it. `ttl`: how long the
 * README's endpoint makes a session live (its 15 minutes, shortened for expiry tests).
 */
export async function startPortal({ ttl = '15m', productOptions = {} } = {}) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const product = await startProxy({ ...productOptions, sessions: true, publicOrigin: origin });
  const app = await readmeEndpoint(product.secretFile, ttl);
  const requests = [];
  app.use(['/api/v2', '/widget'], forwardTo(product.base));
  app.get('/npm/:name.js', (req, res) => sendModule(res, npmModule(req.params.name)));
  app.get('/examples/:name.js', (req, res) => sendModule(res, example(req.params.name)));
  app.get('/host/:name.html', (req, res) => {
    const page = hostPage(req.params.name, req.query, product.secretFile);
    if (!page) return res.status(404).end();
    res.set('Cache-Control', 'no-store').type('html').send(page);
  });
  // Every request is noted before the README's endpoint (or anything else) answers it.
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
    app(req, res);
  });
  await new Promise((done) => server.listen(port, '127.0.0.1', done));
  return {
    origin,
    product,
    /** Every request the portal received (its endpoint and what it routed). */
    requests,
    /** Times the README's endpoint was asked for a session. */
    sessionsMinted: () => requests.filter((r) => r.method === 'POST' && r.url === '/portal/zec-session').length,
    /** Signs `user` in for `page`'s context (the portal's own sign-in: a cookie). */
    signIn: (context, user) => context.addCookies([{ name: 'portal-user', value: user, url: origin }]),
    signOut: (context) => context.clearCookies(),
    /** A session as the README's claims, with times given (e.g. one already expired). */
    sessionFor: (user, times = {}) => sign(product.secretFile, user, times),
    stop: () => {
      server.closeAllConnections();
      server.close();
      product.stop();
    },
  };
}

/** The README's Node endpoint, with the test's secret file and `ttl`. */
async function readmeEndpoint(secretFile, ttl) {
  let code = readmeExample('node-portal');
  code = replaceOnce(code, "'/etc/zec-reinstall/session-secret'", JSON.stringify(secretFile));
  code = replaceOnce(code, "expiresIn: '15m'", `expiresIn: ${JSON.stringify(ttl)}`);
  // The portal's sign-in, which the README leaves to the portal.
  code += `
function currentPortalUser(req) {
  const name = /(?:^|; )portal-user=([a-z]+)/.exec(req.headers.cookie ?? '')?.[1];
  const user = ${JSON.stringify(USERS)}[name];
  if (!user) throw new Error('not signed in');
  return user;
}
`;
  const dir = join(here, '.generated');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `portal-endpoint-${process.pid}-${loaded++}.mjs`);
  writeFileSync(file, code);
  const { app } = await import(pathToFileURL(file).href);
  // Express prints the stack of every error it answers with 500 outside its test mode: a
  // signed-out user is expected here.
  app.set('env', 'test');
  return app;
}

function sign(secretFile, user, { issuedAgo = 0, lifetime = 900, actions = ['reinstall', 'snapshot'] } = {}) {
  const secret = readFileSync(secretFile, 'utf8').replace(/[\r\n]+$/, '');
  const iat = Math.floor(Date.now() / 1000) - issuedAgo;
  const { id, instanceIds } = USERS[user];
  return jwt.sign({ sub: id, iat, exp: iat + lifetime, zec: { instances: instanceIds, actions } },
    secret, { algorithm: 'HS256', audience: 'zec-reinstall' });
}

/** A reverse proxy to `target`, streaming both ways (the status stream included). */
function forwardTo(target) {
  return (req, res) => {
    const url = new URL(req.originalUrl, target);
    const upstream = http.request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  };
}

function sendModule(res, code) {
  if (code === null) return res.status(404).end();
  res.set('Cache-Control', 'no-store').type('text/javascript').send(code);
}

/** React's CommonJS builds (development: StrictMode runs its double effects) as ES modules. */
const CJS = {
  react: { file: 'react/cjs/react.development.js', requires: [] },
  'react-jsx-runtime': { file: 'react/cjs/react-jsx-runtime.development.js', requires: ['react'] },
  'react-dom': { file: 'react-dom/cjs/react-dom.development.js', requires: ['react'] },
  'react-dom-client': { file: 'react-dom/cjs/react-dom-client.development.js', requires: ['scheduler', 'react', 'react-dom'] },
  scheduler: { file: 'scheduler/cjs/scheduler.development.js', requires: [] },
};

function npmModule(name) {
  if (name === 'vue') {
    // Vue's browser ES build with the template compiler.
    return readFileSync(join(modules, 'vue/dist/vue.esm-browser.js'), 'utf8');
  }
  const cjs = CJS[name];
  if (!cjs) return null;
  // By path: the packages' `exports` do not name their CommonJS builds.
  const path = join(modules, cjs.file);
  const names = Object.keys(require(path)).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key) && key !== 'default');
  const imports = cjs.requires.map((dependency, i) => `import __dependency${i} from '/npm/${dependency}.js';`);
  const table = cjs.requires.map((dependency, i) => `${JSON.stringify(dependency)}: __dependency${i}`).join(', ');
  return `${imports.join('\n')}
const require = (name) => ({ ${table} })[name];
const process = { env: { NODE_ENV: 'development' } };
const module = { exports: {} };
const exports = module.exports;
${readFileSync(path, 'utf8')}
export default module.exports;
export const { ${names.join(', ')} } = module.exports;
`;
}

/** The README's React and Vue examples, compiled from TypeScript (and TSX) to ES modules. */
function example(name) {
  const source = { react: 'react', vue: 'vue' }[name];
  if (!source) return null;
  return ts.transpileModule(readmeExample(source), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.ReactJSX },
    fileName: name === 'react' ? 'example.tsx' : 'example.ts',
  }).outputText;
}

const IMPORT_MAP = JSON.stringify({
  imports: {
    react: '/npm/react.js',
    'react/jsx-runtime': '/npm/react-jsx-runtime.js',
    'react-dom/client': '/npm/react-dom-client.js',
    vue: '/npm/vue.js',
    'zec-reinstall': '/widget/zec-reinstall-element.js',
  },
});

/** The page a test opens: the README's HTML example, or a React or Vue host. */
function hostPage(name, query, secretFile) {
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title>
<link rel="icon" href="data:,"><script type="importmap">${IMPORT_MAP}</script></head><body><main>`;
  if (name === 'html') {
    // Rendered for the signed-in user with a session minted now (or an old one: `age`).
    let html = readmeExample('html');
    html = replaceOnce(html, 'ins-123', query.instance ?? 'ins-db-01');
    const user = query.user ?? 'alice';
    const session = sign(secretFile, user, {
      issuedAgo: Number(query.age ?? 0),
      lifetime: Number(query.lifetime ?? 900),
      ...(query.actions ? { actions: query.actions.split(',') } : {}),
    });
    html = replaceOnce(html, 'SESSION-MINTED-FOR-THIS-PAGE', session);
    return `${head}${html}</main></body></html>`;
  }
  const harness = {
    react: `
import { StrictMode, createElement, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ServerReinstall } from '/examples/react.js';
function Harness() {
  const [instanceId, setInstanceId] = useState('ins-web-01');
  const [dark, setDark] = useState(false);
  const [shown, setShown] = useState(true);
  window.harness = { setInstanceId, setDark, setShown };
  return shown ? createElement(ServerReinstall, { instanceId, dark }) : null;
}
createRoot(document.getElementById('root')).render(createElement(StrictMode, null, createElement(Harness)));`,
    vue: `
import { createApp, h, ref } from 'vue';
import { ServerReinstall } from '/examples/vue.js';
const instanceId = ref('ins-web-01');
const dark = ref(false);
const shown = ref(true);
const app = createApp({
  setup: () => () => (shown.value ? h(ServerReinstall, { instanceId: instanceId.value, dark: dark.value }) : null),
});
app.config.compilerOptions.isCustomElement = (tag) => tag === 'zec-reinstall';
app.mount('#root');
window.harness = {
  setInstanceId: (id) => { instanceId.value = id; },
  setDark: (on) => { dark.value = on; },
  setShown: (on) => { shown.value = on; },
};`,
  }[name];
  if (!harness) return null;
  return `${head}<div id="root"></div><script type="module">${harness}</script></main></body></html>`;
}

