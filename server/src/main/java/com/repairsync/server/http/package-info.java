/**
 * The HTTP and WebSocket surface on Javalin: routes, request parsing with errors that name the
 * field, RFC 9457 problem responses, request ids, metrics and the realtime socket.
 */
package com.repairsync.server.http;
