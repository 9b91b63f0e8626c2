#!/usr/bin/env node
// Writes the OpenAPI document published in @seamapi/types (export `openapi` of
// `@seamapi/types/connect`) as pretty-printed JSON to the file given as the first
// argument, and `seam` into the same name with the extension `.profile` (the
// generator's profile for it), and prints how many paths and operations it has.
//
// Usage: node dump-openapi.mjs OUT.json [PACKAGE]
//
// PACKAGE is the installed name to read: `@seamapi/types` (the default, 1.721.0)
// or `seamapi-types-1977` (an alias of @seamapi/types 1.977.0, Seam's newer
// document, for the bench and for comparing versions).
//
// The output is deterministic: JSON.stringify keeps the key order of the object
// exported by the pinned package version, so the same version always gives the
// same bytes.
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { argv, exit, stderr, stdout } from 'node:process'


const HTTP_METHODS = new Set([
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
])

const out = argv[2]
const pkg = argv[3] ?? '@seamapi/types'
const PACKAGES = ['@seamapi/types', 'seamapi-types-1977']
if (out == null || out === '' || argv.length > 4 || !PACKAGES.includes(pkg)) {
  stderr.write(`usage: node dump-openapi.mjs OUT.json [${PACKAGES.join('|')}]\n`)
  exit(2)
}
const { openapi } = await import(`${pkg}/connect`)

const paths = Object.keys(openapi.paths ?? {})
let operations = 0
for (const path of paths) {
  for (const method of Object.keys(openapi.paths[path])) {
    if (HTTP_METHODS.has(method)) operations += 1
  }
}

writeFileSync(resolve(out), JSON.stringify(openapi, null, 2) + '\n')
// Beside it, the profile it follows, which `cargo xtask codegen --spec` reads.
writeFileSync(resolve(out).replace(/(\.json)?$/, '.profile'), 'seam\n')

const { version } = JSON.parse(
  readFileSync(
    new URL(`./node_modules/${pkg}/package.json`, import.meta.url),
    'utf8',
  ),
)
stdout.write(
  `@seamapi/types ${version}: wrote ${out}: ${paths.length} paths, ${operations} operations\n`,
)
