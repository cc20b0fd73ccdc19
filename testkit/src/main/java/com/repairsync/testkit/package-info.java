/**
 * Shared test fixtures: a settable clock, a JSON-over-HTTP client, a WebSocket probe, a mutation
 * builder and seeds for randomized tests. Nothing here depends on the server, so client and
 * server tests can both use it.
 */
package com.repairsync.testkit;
