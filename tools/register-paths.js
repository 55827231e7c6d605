/**
 * Resolves `@orchestra/<lib>` imports in the compiled output (dist/), the way tsconfig `paths`
 * and Jest's moduleNameMapper do for sources. Loaded with `node -r ./tools/register-paths.js`.
 */
const path = require('node:path');
const { register } = require('tsconfig-paths');

register({
  baseUrl: path.join(__dirname, '..', 'dist'),
  paths: {
    // Loaded before anything else of the app's (see libs/observability/src/tracing).
    '@orchestra/observability/tracing': ['libs/observability/src/tracing'],
    '@orchestra/*': ['libs/*/src'],
  },
});
