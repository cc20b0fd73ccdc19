/**
 * The RepairSync wire protocol: hybrid logical clocks, mutations, push and pull messages, roles,
 * and the stable error codes. Shared by the server and every client; it performs no I/O.
 */
package com.repairsync.protocol;
