/**
 * The RepairSync sync server: {@link com.repairsync.server.RepairSyncServer} starts it from a
 * {@link com.repairsync.server.ServerConfig}; {@link com.repairsync.server.ServerMain} is the
 * command-line entry point.
 */
package com.repairsync.server;
