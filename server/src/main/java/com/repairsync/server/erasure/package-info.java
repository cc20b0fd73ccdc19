/**
 * Erasing a customer (a person's right to be forgotten): the erasure itself ({@link
 * com.repairsync.server.erasure.ErasureService}), the log outside the database that is applied again
 * after every restore ({@link com.repairsync.server.erasure.ErasureLog}, {@link
 * com.repairsync.server.erasure.ErasureReplay}), and the push's rule that a record belonging to an
 * erasure arrives erased ({@link com.repairsync.server.erasure.ErasedArrivals}).
 */
package com.repairsync.server.erasure;
