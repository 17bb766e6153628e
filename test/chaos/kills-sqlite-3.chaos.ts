import { defineKillsOnSqlite } from './kills-sqlite.js';

// Shard 3 of the SQLite kill tests (see test/chaos/kills-sqlite.ts).
defineKillsOnSqlite(2);
