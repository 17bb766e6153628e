import { defineKillsOnSqlite } from './kills-sqlite.js';

// Shard 2 of the SQLite kill tests (see test/chaos/kills-sqlite.ts).
defineKillsOnSqlite(1);
