'use strict';
// How much memory a list of n8n items takes as JavaScript objects: run with --expose-gc on the
// same Node as n8n. Reads a JSON file (an array of items), prints
// { items, jsonBytes, heapBytes } where heapBytes is the heap growth after parsing it (after GC).

const fs = require('node:fs');

const text = fs.readFileSync(process.argv[2], 'utf8');
const jsonBytes = Buffer.byteLength(text);
global.gc();
global.gc();
const before = process.memoryUsage().heapUsed;
// Parse from a fresh copy so the source string is not counted (it is alive either way).
const items = JSON.parse(text);
global.gc();
global.gc();
const heapBytes = process.memoryUsage().heapUsed - before;
process.stdout.write(`${JSON.stringify({ items: items.length, jsonBytes, heapBytes })}\n`);
