import { defineKillsOnPostgres } from './kills-postgres.js';

// Shard 2 of the PostgreSQL kill tests (see test/chaos/kills-postgres.ts).
defineKillsOnPostgres(1);
