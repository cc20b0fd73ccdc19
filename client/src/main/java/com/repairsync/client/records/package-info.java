/**
 * Typed records and repositories for every synced entity. Reads show the server's state with
 * this device's pending changes on top; writes are checked against the entity declaration and
 * the permission table, then stored with their outbox mutation in one local transaction.
 */
package com.repairsync.client.records;
