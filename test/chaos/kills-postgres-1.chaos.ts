import { defineKillsOnPostgres } from './kills-postgres.js';

// Shard 1 of the PostgreSQL kill tests (see test/chaos/kills-postgres.ts).
defineKillsOnPostgres(0);
