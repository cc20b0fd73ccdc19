/**
 * The shops' record history: what every applied change did, written in the change's own
 * transaction ({@link com.repairsync.server.history.ChangeHistory}), read as a record's history,
 * the shop's audit and the managers' offline feed ({@link
 * com.repairsync.server.history.HistoryReader}), and pruned past {@code --history-keep} ({@link
 * com.repairsync.server.history.HistoryRetention}).
 */
package com.repairsync.server.history;
