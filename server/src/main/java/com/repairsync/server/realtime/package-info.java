/**
 * Realtime hints over WebSocket: a shop's sockets hear the new cursor after each commit, and who
 * is online. The socket is only a hint; the pull is the truth.
 */
package com.repairsync.server.realtime;
