/* global fetch, AbortSignal */
/**
 * Container health check without curl (the slim image has none): exits 0 when the URL answers
 * 2xx within 2 s. Usage: node tools/deploy/healthcheck.js http://127.0.0.1:10259/healthz
 */
fetch(process.argv[2], { signal: AbortSignal.timeout(2000) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
