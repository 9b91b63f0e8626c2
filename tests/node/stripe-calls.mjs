#!/usr/bin/env node
// Drives Stripe's own Node SDK (npm `stripe`, pinned in package.json) through a list
// of calls against a server the caller runs (a recording server on 127.0.0.1), so that
// a test can compare what it sends with what the Rust client sends for the same calls.
//
// Usage: node stripe-calls.mjs PORT CALLS.json
//   CALLS.json: [{"call": "customers.createTaxId", "args": ["cus_1", {...}]}, ...]
//   `call` is the SDK's own dotted name (`checkout.sessions.create`); `args` its
//   positional arguments (ids, then the parameters). A value `{"$date": ISO-8601}`
//   anywhere in the arguments is passed as a JavaScript `Date` (the SDK sends unix
//   seconds). `"all": true` follows a listing to its end with the SDK's
//   auto-pagination (`for await`), which asks for each next page with
//   `starting_after`.
//
// The client: `new Stripe(key, { host: '127.0.0.1', port, protocol: 'http',
// maxNetworkRetries: 2, telemetry: false })`, so that every POST carries an
// `Idempotency-Key` and a 5xx or a dropped connection is retried.
//
// The calls run one after another and each must succeed (the server answers as the
// document says Stripe does). Prints one JSON line: for each call, the `id` of the
// object it got back, or for a followed listing the ids of every item seen.
import { readFile } from 'node:fs/promises'
import process from 'node:process'

import Stripe from 'stripe'

const [port, callsFile] = process.argv.slice(2)
if (port == null || callsFile == null) {
  console.error('usage: node stripe-calls.mjs PORT CALLS.json')
  process.exit(2)
}

const stripe = new Stripe(process.env.STRIPE_TEST_KEY ?? 'sk_test_parity', {
  host: '127.0.0.1',
  port: Number(port),
  protocol: 'http',
  maxNetworkRetries: 2,
  telemetry: false,
})

const revive = (value) => {
  if (Array.isArray(value)) return value.map(revive)
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
    if (keys.length === 1 && keys[0] === '$date') return new Date(value.$date)
    return Object.fromEntries(keys.map((key) => [key, revive(value[key])]))
  }
  return value
}

const calls = JSON.parse(await readFile(callsFile, 'utf8'))
const results = []
for (const { call, args = [], all = false } of calls) {
  const segments = call.split('.')
  const method = segments.pop()
  let target = stripe
  for (const segment of segments) {
    target = target?.[segment]
  }
  if (typeof target?.[method] !== 'function') {
    console.error(`the stripe package has no method ${call}`)
    process.exit(1)
  }
  try {
    const request = target[method](...revive(args))
    if (all) {
      const ids = []
      for await (const item of request) {
        ids.push(item.id)
      }
      results.push(ids)
    } else {
      const response = await request
      results.push(response.id ?? response.object ?? null)
    }
  } catch (error) {
    console.error(`${call} failed: ${error?.type ?? ''} ${error?.message ?? error}`)
    process.exit(1)
  }
}
// Exits once the line is written: the SDK's kept-alive connections would otherwise
// hold the process until the server closes them.
process.stdout.write(`${JSON.stringify(results)}\n`, () => process.exit(0))
