package com.repairsync.server.realtime;

import com.repairsync.protocol.Change;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The message a commit sends the shop's sockets: its changes, or only the new cursor. */
final class CommitMessage {
    private CommitMessage() {}

    /**
     * {@code {"type":"changes",...}} carrying the changes a device at {@code fromCursor} stores
     * without pulling, or {@code {"type":"cursor",...}} when there are none to carry (null).
     */
    static Map<String, Object> of(long fromCursor, long cursor, List<Change> changes, String serverHlc) {
        if (changes == null) {
            return Map.of("type", "cursor", "cursor", cursor);
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "changes");
        message.put("from", fromCursor);
        message.put("cursor", cursor);
        message.put("serverHlc", serverHlc);
        message.put("changes", changes);
        return message;
    }
}
