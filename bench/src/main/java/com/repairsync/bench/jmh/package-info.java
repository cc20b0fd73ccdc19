/**
 * JMH microbenchmarks, each beside its physical baseline in the same run: a raw SQLite insert of
 * the same rows in the same transaction mode (or, for JSON, the bytes written without a model).
 * Run with {@code repairsync bench jmh}.
 */
package com.repairsync.bench.jmh;
