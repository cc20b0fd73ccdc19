/**
 * Entity declarations: the typed fields, merge rule, visibility and write permissions of every
 * synced entity. The sync engine, the storage and the clients are driven by these declarations;
 * nothing is hand-written per entity.
 */
package com.repairsync.protocol.schema;
