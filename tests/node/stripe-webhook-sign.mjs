#!/usr/bin/env node
// Signs webhook payloads with Stripe's official Node.js SDK (npm `stripe`,
// pinned in package.json): `stripe.webhooks.generateTestHeaderString`, and
// checks each with `stripe.webhooks.constructEvent`, so that a Rust test can
// verify the same payloads with a generated client and compare the verdicts.
//
// Usage: node stripe-webhook-sign.mjs CASES.json
//   CASES.json: [{"secret": "whsec_...", "timestamp": SECONDS, "payload": "..."}, ...]
//   (`verify_secret` and `verify_payload` optionally give another secret and
//   another payload to verify with: a wrong secret, a tampered body)
// Prints one JSON array, a result per case, in order:
//   {"header": the `Stripe-Signature` value,
//    "js": "ok" | "<the error constructEvent threw>",
//    "event_id": the verified event's id, when it was accepted}
import { readFile } from 'node:fs/promises'
import process from 'node:process'

import Stripe from 'stripe'

const [casesFile] = process.argv.slice(2)
if (casesFile == null) {
  console.error('usage: node stripe-webhook-sign.mjs CASES.json')
  process.exit(2)
}

// No request is made: the key only satisfies the constructor.
const stripe = new Stripe('sk_test_unused')
const cases = JSON.parse(await readFile(casesFile, 'utf8'))
const results = cases.map((c) => {
  const header = stripe.webhooks.generateTestHeaderString({
    payload: c.payload,
    secret: c.secret,
    timestamp: c.timestamp,
  })
  let js = 'ok'
  let eventId = null
  try {
    const event = stripe.webhooks.constructEvent(
      c.verify_payload ?? c.payload,
      header,
      c.verify_secret ?? c.secret,
    )
    eventId = event.id
  } catch (error) {
    js = `${error.type ?? error.name}: ${error.message.split('\n')[0]}`
  }
  return { header, js, event_id: eventId }
})
process.stdout.write(JSON.stringify(results))
