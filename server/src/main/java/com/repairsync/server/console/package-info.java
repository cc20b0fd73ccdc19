/**
 * The owner's console: what devices report of their own sync ({@link
 * com.repairsync.server.console.DeviceReports}), the shop's hourly sync analytics ({@link
 * com.repairsync.server.console.SyncAnalytics}), and the alerts drawn from both ({@link
 * com.repairsync.server.console.Alerts}). Only a shop's admins and managers read them.
 */
package com.repairsync.server.console;
