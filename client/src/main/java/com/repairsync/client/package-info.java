/**
 * The RepairSync client SDK: what a shop's device runs. Open a device, join a shop, read and
 * write records offline, and watch one sync state while the engine pushes, pulls and retries in
 * the background.
 */
package com.repairsync.client;
