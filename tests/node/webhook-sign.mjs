#!/usr/bin/env node
// Signs webhook payloads the way Seam does (Svix: `Webhook.sign` of the `svix`
// package, which Seam's `@seamapi/webhook` wraps; both pinned in package.json),
// and checks each with `SeamWebhook.verify`, so that a Rust test can verify the
// same payloads with the generated client and compare the verdicts.
//
// Usage: node webhook-sign.mjs CASES.json
//   CASES.json: [{"secret": "whsec_...", "id": "msg_...", "timestamp": SECONDS,
//                 "payload": "..."}, ...]
//   (`verify_secret` and `verify_payload` optionally give another secret and
//   another payload to verify with: a wrong secret, a tampered body)
// Prints one JSON array, a result per case, in order:
//   {"headers": {"webhook-id", "webhook-timestamp", "webhook-signature"},
//    "js": "ok" | "<the error SeamWebhook.verify threw>",
//    "event_id": the verified event's id, when it was accepted}
import { readFile } from 'node:fs/promises'
import process from 'node:process'

import { SeamWebhook } from '@seamapi/webhook'
import { Webhook } from 'svix'

const [casesFile] = process.argv.slice(2)
if (casesFile == null) {
  console.error('usage: node webhook-sign.mjs CASES.json')
  process.exit(2)
}

const cases = JSON.parse(await readFile(casesFile, 'utf8'))
const results = cases.map((c) => {
  const signature = new Webhook(c.secret).sign(
    c.id,
    new Date(c.timestamp * 1000),
    c.payload,
  )
  const headers = {
    'webhook-id': c.id,
    'webhook-timestamp': String(c.timestamp),
    'webhook-signature': signature,
  }
  let js = 'ok'
  let eventId = null
  try {
    const event = new SeamWebhook(c.verify_secret ?? c.secret).verify(
      c.verify_payload ?? c.payload,
      headers,
    )
    eventId = event.event_id
  } catch (error) {
    js = `${error.name}: ${error.message}`
  }
  return { headers, js, event_id: eventId }
})
process.stdout.write(JSON.stringify(results))
