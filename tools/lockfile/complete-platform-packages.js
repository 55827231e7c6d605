#!/usr/bin/env node
/**
 * Adds lockfile entries for platform-specific optional packages (`@x/y-darwin-arm64`, ...) that
 * the registry this project is developed against does not carry. npm then leaves them out of
 * package-lock.json, and `npm ci` refuses the lock as out of sync, here and on every other
 * platform. Each entry gets the version its parent pins and the os/cpu/libc its name declares, so
 * npm skips it on other platforms and fetches it by version where it fits.
 *
 * Run after `npm install`: `node tools/lockfile/complete-platform-packages.js`.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const lockPath = join(__dirname, '..', '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

const osNames = [
  'darwin',
  'linux',
  'win32',
  'freebsd',
  'android',
  'openharmony',
  'sunos',
  'aix',
  'netbsd',
  'openbsd',
];
const cpuNames = [
  'arm64',
  'x64',
  'ia32',
  'arm',
  'loong64',
  'ppc64',
  'riscv64',
  's390x',
  'mips64el',
  'wasm32',
];

/** `resolver-binding-linux-arm-gnueabihf` → { os: linux, cpu: arm, libc: glibc }. */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const osIndex = parts.findIndex((p) => osNames.includes(p));
  if (osIndex < 0 || !cpuNames.includes(parts[osIndex + 1])) return undefined;
  const suffix = parts.slice(osIndex + 2).join('-');
  const platform = { os: [parts[osIndex]], cpu: [parts[osIndex + 1]] };
  if (parts[osIndex] === 'linux') {
    if (suffix.includes('musl')) platform.libc = ['musl'];
    else if (suffix.includes('gnu')) platform.libc = ['glibc'];
  }
  return platform;
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    const top = `node_modules/${name}`;
    if (packages[nested] || packages[top]) continue;
    const platform = platformOf(name);
    if (!platform) {
      process.stderr.write(`left out ${name}@${version}: its platform cannot be read from its name\n`);
      continue;
    }
    packages[top] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added++;
  }
}

const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
lock.packages = sorted;
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(
  `added ${added} platform package entr${added === 1 ? 'y' : 'ies'} to package-lock.json\n`,
);
