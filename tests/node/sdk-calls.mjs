#!/usr/bin/env node
// Drives Seam's own JavaScript SDK (@seamapi/http, pinned in package.json)
// through a list of calls against a server the caller runs (a recording server
// on 127.0.0.1), so that a test can compare what it sends with what the Rust
// client sends for the same calls.
//
// Usage: node sdk-calls.mjs ENDPOINT CALLS.json
//   CALLS.json: [{"call": "acs.credentials.get", "params": {...}}, ...]
//   (`call` is the dotted snake_case name; the SDK's own names are camelCase)
//   An operation the SDK has no method for (Seam leaves undocumented ones out)
//   gives `"request": {"method": "GET", "path": "/..."}` instead: it is sent
//   through the SDK's own request class (SeamHttpRequest), which encodes the
//   parameters as every SDK method does; only the method is the caller's.
//
// The calls run one after another; each one's response is ignored (a recording
// server need not answer as Seam would). Prints `done N` when all were sent,
// and fails, naming the call, when the SDK has no such method or refuses the
// parameters before sending.
import { readFile } from 'node:fs/promises'
import process from 'node:process'

import { SeamHttp, SeamHttpRequest } from '@seamapi/http/connect'

const [endpoint, callsFile] = process.argv.slice(2)
if (endpoint == null || callsFile == null) {
  console.error('usage: node sdk-calls.mjs ENDPOINT CALLS.json')
  process.exit(2)
}

const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())

const seam = SeamHttp.fromApiKey('seam_apikey1_token', {
  endpoint,
  waitForActionAttempt: false,
  axiosRetryOptions: { retries: 0 },
})

const calls = JSON.parse(await readFile(callsFile, 'utf8'))
for (const { call, params, request: raw } of calls) {
  if (raw != null) {
    const inQuery = ['GET', 'DELETE'].includes(raw.method)
    try {
      await new SeamHttpRequest(seam, {
        pathname: raw.path,
        method: raw.method,
        ...(inQuery ? { params } : { body: params }),
        responseKey: undefined,
        options: {},
      })
    } catch (error) {
      if (error?.name === 'UnserializableParamError') {
        console.error(`${call}: ${error}`)
        process.exit(1)
      }
    }
    continue
  }
  const segments = call.split('.').map(camel)
  const method = segments.pop()
  let target = seam
  for (const segment of segments) {
    target = target?.[segment]
  }
  if (typeof target?.[method] !== 'function') {
    console.error(`@seamapi/http has no method ${call}`)
    process.exit(1)
  }
  let request
  try {
    request = target[method](params)
  } catch (error) {
    console.error(`${call}: the SDK refused the parameters: ${error}`)
    process.exit(1)
  }
  try {
    await request
  } catch (error) {
    // Only a failure before sending matters: the server's answer is not Seam's.
    if (error?.name === 'UnserializableParamError') {
      console.error(`${call}: ${error}`)
      process.exit(1)
    }
  }
}
console.log(`done ${calls.length}`)
