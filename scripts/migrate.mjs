#!/usr/bin/env node
// `npm run migrate`: apply pending migrations to the configured (or local) database.
import { runApiCli } from './lib/api-cli.mjs';

await runApiCli('migrate.js');
