/**
 * The {@code fleet} scenario's harness children: socket stand-ins for thousands of devices, spread
 * over as many processes as the file-descriptor limit asks, that reconnect as the SDK does.
 */
package com.repairsync.bench.fleet;
