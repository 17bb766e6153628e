import { defineKillsOnPostgres } from './kills-postgres.js';

// Shard 3 of the PostgreSQL kill tests (see test/chaos/kills-postgres.ts).
defineKillsOnPostgres(2);
