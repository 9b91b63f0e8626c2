#!/usr/bin/env node
// Starts Seam's fake API server (@seamapi/fake-seam-connect) through its library
// API, seeded like `fake-seam-connect --seed`, listening on 127.0.0.1 only.
//
// Usage: node fake-server.mjs [PORT]      (or PORT=... node fake-server.mjs)
//   PORT 0 (the default) lets the OS choose a free port.
//
// Once listening it prints exactly one line to stdout:
//   listening http://127.0.0.1:<port>
// Everything else (logs, errors) goes to stderr.
//
// It exits cleanly on SIGTERM, SIGINT and SIGHUP, and when its stdin reaches end
// of file, so a parent test process that dies (closing the pipe) never leaves
// it running. Set SEAM_FAKE_IGNORE_STDIN=1 to keep it alive when stdin is
// closed on purpose (e.g. a manual `node fake-server.mjs < /dev/null &`).
//
// Seeded credentials (see GET /_fake/default_seed): API keys
// seam_apikey1_token (workspace seed_workspace_1) and seam_apikey2_token,
// personal access token seam_at1_longtoken, client session token
// seam_cst1_token.
import net from 'node:net'
import process from 'node:process'

const HOST = '127.0.0.1'

// Route every console method to stderr: stdout carries only the
// `listening ...` line that the parent process waits for.
for (const method of ['log', 'info', 'debug', 'trace', 'dir']) {
  // eslint-disable-next-line no-console
  console[method] = (...args) => console.error(...args)
}

// The fake calls `server.listen(port, callback)` with no host, which would bind
// every interface. Force every listening socket in this process onto
// 127.0.0.1 and refuse anything else (unix sockets and handles excepted,
// they are not network addresses).
const originalListen = net.Server.prototype.listen
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const callback =
    typeof args[args.length - 1] === 'function' ? args.pop() : undefined
  const [first] = args
  let options
  if (first !== null && typeof first === 'object') {
    if (first.path != null || first._handle != null || first.fd != null) {
      return originalListen.apply(this, callback ? [...args, callback] : args)
    }
    if (first.host != null && first.host !== HOST && first.host !== 'localhost') {
      throw new Error(`fake-server: refusing to listen on ${first.host}`)
    }
    options = { ...first, host: HOST, ipv6Only: false }
  } else if (
    typeof first === 'number' ||
    (typeof first === 'string' && /^\d+$/.test(first)) ||
    first === undefined ||
    first === null
  ) {
    const host = typeof args[1] === 'string' ? args[1] : undefined
    if (host != null && host !== HOST && host !== 'localhost') {
      throw new Error(`fake-server: refusing to listen on ${host}`)
    }
    options = { port: first == null ? 0 : Number(first), host: HOST }
  } else {
    // A unix socket path.
    return originalListen.apply(this, callback ? [...args, callback] : args)
  }
  return callback
    ? originalListen.call(this, options, callback)
    : originalListen.call(this, options)
}

const parsePort = (value, what) => {
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    console.error(`fake-server: invalid ${what}: ${JSON.stringify(value)}`)
    process.exit(2)
  }
  return Number(value)
}

const args = process.argv.slice(2)
if (args.length > 1 || (args[0] != null && !/^\d+$/.test(args[0]))) {
  console.error('usage: node fake-server.mjs [PORT]   (or env PORT; 0 = any free port)')
  process.exit(2)
}
const requestedPort =
  args[0] != null
    ? parsePort(args[0], 'port argument')
    : process.env.PORT != null && process.env.PORT !== ''
      ? parsePort(process.env.PORT, 'PORT')
      : 0

// Asks the OS for a free port on 127.0.0.1. The fake needs to know its port
// before it starts (it builds absolute URLs such as next_page_url from it).
const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen({ port: 0, host: HOST }, () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })

// Imported after the listen guard is installed.
const { createFake } = await import('@seamapi/fake-seam-connect')

let fake = null
let shuttingDown = false

const shutdown = (reason, code = 0) => {
  if (shuttingDown) return
  shuttingDown = true
  console.error(`fake-server: stopping (${reason})`)
  const httpServer = fake?.server?.server
  if (httpServer != null) {
    httpServer.close(() => process.exit(code))
    httpServer.closeAllConnections?.()
    // Do not wait forever for lingering connections.
    setTimeout(() => process.exit(code), 1000).unref()
  } else {
    process.exit(code)
  }
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => shutdown(signal))
}
process.on('uncaughtException', (err) => {
  console.error('fake-server: uncaught exception', err)
  shutdown('uncaught exception', 1)
})
process.on('unhandledRejection', (err) => {
  console.error('fake-server: unhandled rejection', err)
  shutdown('unhandled rejection', 1)
})

if (process.env.SEAM_FAKE_IGNORE_STDIN !== '1') {
  process.stdin.on('end', () => shutdown('stdin closed'))
  process.stdin.on('close', () => shutdown('stdin closed'))
  process.stdin.on('error', () => shutdown('stdin error'))
  process.stdin.resume()
}

fake = await createFake()
await fake.seed()

let port = requestedPort
for (let attempt = 1; ; attempt++) {
  if (requestedPort === 0) port = await freePort()
  try {
    await fake.startServer({ port, baseUrl: `http://${HOST}:${port}` })
    break
  } catch (err) {
    if (requestedPort === 0 && err?.code === 'EADDRINUSE' && attempt < 5) continue
    console.error(`fake-server: could not listen on ${HOST}:${port}`, err)
    process.exit(1)
  }
}

const address = fake.server.server.address()
if (address == null || typeof address !== 'object' || address.address !== HOST) {
  console.error('fake-server: unexpected listening address', address)
  process.exit(1)
}

if (!shuttingDown) {
  process.stdout.write(`listening http://${HOST}:${address.port}\n`)
}
