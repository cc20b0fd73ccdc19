/**
 * A shop's own fields on tickets, customers and inventory items, as the API declares, changes and
 * lists them ({@code /v1/custom-fields}). A declaration is a {@code customFields} record: every
 * write goes through the push's apply path ({@link com.repairsync.server.sync.PushService}), so it
 * is checked, sequenced, kept in history and announced to devices like any synced change.
 */
package com.repairsync.server.customfields;
