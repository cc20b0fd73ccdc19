/**
 * The RepairSync wire protocol: hybrid logical clocks, mutations, push and pull messages, roles,
 * and the stable error codes. Shared by the server and every client; it performs no I/O. Also the
 * JSON mapper settings every module starts from ({@link com.repairsync.protocol.JsonMappers}) and
 * the named daemon threads they run background work on ({@link com.repairsync.protocol.NamedThreads}).
 */
package com.repairsync.protocol;
