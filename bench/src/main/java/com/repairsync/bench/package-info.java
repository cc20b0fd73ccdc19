/**
 * The benchmark harness: {@link com.repairsync.bench.BenchMain} runs a scenario against a real
 * server process and real client SDK devices over loopback, and reports every figure beside its
 * baseline and target.
 */
package com.repairsync.bench;
