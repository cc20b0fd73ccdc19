package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.Values;
import com.repairsync.client.HistoryText;
import com.repairsync.client.PermissionDeniedException;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.ShopDevice;
import com.repairsync.client.transport.TransportException;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.HistoryEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * History entries as {@code history} and {@code audit} print them: one sentence a line for people
 * ({@link HistoryText}: "Ada Lovelace changed estimate from 120.00 to 149.00 on Front desk, 10:42"),
 * and with {@code --json} each entry's wire fields plus its sentence as {@code text}.
 */
final class HistoryLines {
    private HistoryLines() {}

    /**
     * Sentences naming the shop's devices: the device list is asked of the server when it is given
     * ({@code devices}); without it devices this one does not know read as "device 0190ab12".
     */
    static HistoryText text(RepairSyncDevice device, List<ShopDevice> devices) {
        HistoryText text = HistoryText.of(device);
        return devices == null ? text : text.withDevices(devices);
    }

    /**
     * The shop's devices for naming them, or null when the server does not give them now: names are
     * a nicety of the sentences, so a refusal or an unreachable server leaves the short ids in place
     * rather than failing a history the server (or the device's copy) already answered.
     */
    static List<ShopDevice> devicesOrNull(RepairSyncDevice device) {
        try {
            return device.shopDevices().list();
        } catch (TransportException | PermissionDeniedException unavailable) {
            return null;
        }
    }

    /**
     * The entries without changes of the shop's own fields that the signed-in or the acting
     * employee may not see (a technician acting on a manager's device), as {@code show} leaves
     * their values out; an entry left with no change is not shown at all, as the server does.
     */
    static List<HistoryEntry> visible(RepairSyncDevice device, List<HistoryEntry> entries) {
        Map<String, Viewers.CustomShown> shownByEntity = new HashMap<>();
        List<HistoryEntry> shown = new ArrayList<>();
        for (HistoryEntry entry : entries) {
            Viewers.CustomShown seen = shownByEntity.computeIfAbsent(entry.entity(), entity -> Nouns.ofEntity(entity)
                    .map(noun -> Viewers.customShown(device, noun))
                    .orElse(Viewers.CustomShown.ALL));
            List<HistoryEntry.FieldChange> changes = entry.changes().stream()
                    .filter(change ->
                            !CustomValues.isKey(change.field()) || seen.shows(CustomValues.nameOf(change.field())))
                    .toList();
            if (changes.size() == entry.changes().size()) {
                shown.add(entry);
            } else if (!changes.isEmpty()) {
                shown.add(new HistoryEntry(
                        entry.seq(),
                        entry.entity(),
                        entry.recordId(),
                        entry.op(),
                        entry.actorId(),
                        entry.deviceId(),
                        entry.hlc(),
                        entry.at(),
                        changes));
            }
        }
        return shown;
    }

    /** The entries as JSON: each entry's fields and {@code text}, its sentence. */
    static ArrayNode json(HistoryText text, List<HistoryEntry> entries) {
        ArrayNode array = Terminal.JSON.createArrayNode();
        for (HistoryEntry entry : entries) {
            ObjectNode node = (ObjectNode) Terminal.tree(entry);
            node.put("text", text.sentence(entry));
            array.add(node);
        }
        return array;
    }

    /** A page size flag: 1 to {@code max}, {@code fallback} when not given. */
    static int limit(String text, int max, int fallback) {
        if (text == null) {
            return fallback;
        }
        long limit = Values.whole("--limit", text);
        if (limit < 1 || limit > max) {
            throw CliException.usage("--limit: must be 1 to " + max + " (got " + text + ")");
        }
        return (int) limit;
    }

    /** {@code --before SEQ}: the sequence number the previous page printed, or null when not given. */
    static Long before(String text) {
        if (text == null) {
            return null;
        }
        long seq = Values.whole("--before", text);
        if (seq < 1) {
            throw CliException.usage("--before: must be a sequence number of 1 or more, as the previous page printed"
                    + " (got " + text + ")");
        }
        return seq;
    }
}
