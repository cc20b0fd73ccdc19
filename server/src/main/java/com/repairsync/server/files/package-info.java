/**
 * The file lane: chunked, resumable, content-addressed uploads and downloads of attachments'
 * bytes ({@link com.repairsync.server.files.FileLane}), kept by a pluggable {@link
 * com.repairsync.server.files.FileBytes}: on disk beside the SQLite database ({@link
 * com.repairsync.server.files.DiskFileBytes}), or in the PostgreSQL database ({@link
 * com.repairsync.server.files.DatabaseFileBytes}), under its row-level security.
 */
package com.repairsync.server.files;
