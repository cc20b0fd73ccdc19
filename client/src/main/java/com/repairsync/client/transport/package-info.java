/**
 * How a device talks to the server: {@link com.repairsync.client.transport.SyncTransport} and
 * its exceptions, whose type says whether to retry. {@link
 * com.repairsync.client.transport.HttpSyncTransport} is the real one; tests wrap it to drop,
 * duplicate, delay and reorder requests.
 */
package com.repairsync.client.transport;
