import { defineKillsOnSqlite } from './kills-sqlite.js';

// Shard 1 of the SQLite kill tests (see test/chaos/kills-sqlite.ts).
defineKillsOnSqlite(0);
