#!/usr/bin/env node
// `npm run secrets:reencrypt [-- --batch-size=N]`: rewrite every tenant secret under the active key.
import { runApiCli } from './lib/api-cli.mjs';

await runApiCli('reencrypt-secrets.js', process.argv.slice(2));
