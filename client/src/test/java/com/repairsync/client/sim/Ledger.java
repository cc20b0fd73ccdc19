package com.repairsync.client.sim;

import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every write the app was told is saved, with the mutation id and HLC the device queued it under,
 * and which of them a person later discarded from a failed queue. From it follows what the shop's
 * data must be once every device drained its outbox: for each record the create, whether it lives
 * (the latest of its deletes and restores by HLC decides) and per field the value of the latest HLC;
 * for each stock counter its initial value plus every adjustment not discarded.
 *
 * <p>An edit that reached the server while the record was deleted never applied (edits do not
 * revive a tombstone), so it must not count once a restore brings the record back. Which edits those
 * were depends on the order the server saw them in; their devices tell: each such field became a
 * conflict there ({@link #lost}).
 */
final class Ledger {
    /**
     * One queued mutation. {@code fields} for upserts ({@code create} for the one that made the
     * record), {@code delta} for stock adjustments.
     */
    record Write(
            int step,
            String device,
            String mutationId,
            String hlc,
            String entity,
            String recordId,
            String op,
            boolean create,
            Map<String, Object> fields,
            long delta,
            String groupId) {

        String key() {
            return entity + "/" + recordId;
        }
    }

    /** A mutation the server refused, as the device's failed queue showed it before the discard. */
    record Refusal(
            String device,
            String mutationId,
            String entity,
            String recordId,
            String code,
            String field,
            String message) {}

    /** What a record must look like on the server and every device; {@code fields} null if absent. */
    record Expected(String entity, String id, Map<String, String> fields) {
        boolean present() {
            return fields != null;
        }
    }

    private final Map<String, Write> byMutationId = new LinkedHashMap<>();
    /** Each write's first id by its HLC and record: its stamp, which a new id keeps. */
    private final Map<String, String> byStamp = new java.util.HashMap<>();
    /**
     * New ids the SDK gave writes to send them again (after a restored server refused them, the
     * server answering an id with its first answer), to the write's first id.
     */
    private final Map<String, String> aliases = new java.util.HashMap<>();

    private final Set<String> discarded = new LinkedHashSet<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private final Map<String, Long> initialStock = new LinkedHashMap<>();
    /** Fields of writes the server superseded, as {@code entity/id.field@hlc}. */
    private final Set<String> lost = new java.util.HashSet<>();

    void add(Write write) {
        if (byMutationId.putIfAbsent(write.mutationId(), write) != null) {
            throw new AssertionError("mutation id " + write.mutationId() + " queued twice");
        }
        byStamp.put(write.hlc() + "|" + write.key(), write.mutationId());
    }

    /** Learns that a queued mutation with an id not seen before is a known write under a new id. */
    void learn(String mutationId, String hlc, String entity, String recordId) {
        if (!byMutationId.containsKey(mutationId) && !aliases.containsKey(mutationId)) {
            String first = byStamp.get(hlc + "|" + entity + "/" + recordId);
            if (first != null) {
                aliases.put(mutationId, first);
            }
        }
    }

    private String canonical(String mutationId) {
        return aliases.getOrDefault(mutationId, mutationId);
    }

    /** A field a write set that the server superseded (a conflict on its device): it never applied. */
    void lost(String entity, String id, String field, String hlc) {
        lost.add(entity + "/" + id + "." + field + "@" + hlc);
    }

    void initialStock(String itemId, long quantity) {
        initialStock.put(itemId, quantity);
    }

    Map<String, Long> initialStock() {
        return initialStock;
    }

    boolean knows(String mutationId) {
        return byMutationId.containsKey(canonical(mutationId));
    }

    Write write(String mutationId) {
        return byMutationId.get(canonical(mutationId));
    }

    void discarded(Collection<String> mutationIds) {
        for (String given : mutationIds) {
            String id = canonical(given);
            if (!byMutationId.containsKey(id)) {
                throw new AssertionError("a discard removed mutation " + id + ", which the app never made");
            }
            discarded.add(id);
        }
    }

    void refused(Refusal refusal) {
        refusals.add(refusal);
    }

    List<Refusal> refusals() {
        return refusals;
    }

    int discardedCount() {
        return discarded.size();
    }

    boolean isDiscarded(String mutationId) {
        return discarded.contains(canonical(mutationId));
    }

    /** Writes not discarded, in the order they were made. */
    List<Write> kept() {
        return byMutationId.values().stream()
                .filter(write -> !discarded.contains(write.mutationId()))
                .toList();
    }

    /** Whether a kept delete of the record exists: the record was deleted for a while at least. */
    boolean deletedForGood(String entity, String id) {
        return kept().stream()
                .anyMatch(w -> w.entity().equals(entity) && w.recordId().equals(id) && w.op().equals("delete"));
    }

    /** Whether the record's create was discarded (it never reached the server). */
    boolean createDiscarded(String entity, String id) {
        return byMutationId.values().stream()
                .anyMatch(w -> w.entity().equals(entity)
                        && w.recordId().equals(id)
                        && w.create()
                        && discarded.contains(w.mutationId()));
    }

    /** Expected stock of every seeded item. */
    Map<String, Long> expectedStock() {
        Map<String, Long> stock = new LinkedHashMap<>(initialStock);
        for (Write write : kept()) {
            if (write.op().equals("adjust")) {
                stock.merge(write.recordId(), write.delta(), Long::sum);
            }
        }
        return stock;
    }

    /** Expected state of every record of an entity the app created (inventory items: not the stock). */
    Map<String, Expected> expected(String entity) {
        EntityType type = Schema.entity(entity).orElseThrow();
        Map<String, List<Write>> byRecord = new LinkedHashMap<>();
        for (Write write : byMutationId.values()) {
            if (write.entity().equals(entity)) {
                byRecord.computeIfAbsent(write.recordId(), k -> new ArrayList<>())
                        .add(write);
            }
        }
        Map<String, Expected> expected = new LinkedHashMap<>();
        byRecord.forEach((id, writes) -> {
            List<Write> live = writes.stream()
                    .filter(w -> !discarded.contains(w.mutationId()))
                    .toList();
            Optional<Write> create = live.stream().filter(Write::create).findFirst();
            Optional<Write> lifecycle = live.stream()
                    .filter(w -> w.op().equals("delete") || w.op().equals("restore"))
                    .max(Comparator.comparing(w -> Hlc.parse(w.hlc())));
            boolean deleted = lifecycle.map(w -> w.op().equals("delete")).orElse(false);
            boolean restored = live.stream().anyMatch(w -> w.op().equals("restore"));
            if (create.isEmpty() || deleted) {
                expected.put(id, new Expected(entity, id, null));
                return;
            }
            // On create every field takes the create's HLC (unset fields their default); then each
            // field keeps the value of the latest HLC that wrote it, whatever order the server saw.
            Map<String, Object> values = new HashMap<>();
            for (FieldSpec field : type.fields()) {
                values.put(field.name(), field.defaultValue());
            }
            live.stream()
                    .filter(w -> w.op().equals("upsert"))
                    .sorted(Comparator.comparing(w -> Hlc.parse(w.hlc())))
                    .forEach(w -> values.putAll(restored ? applied(type, w) : written(type, w)));
            Map<String, String> fields = new LinkedHashMap<>();
            for (FieldSpec field : type.fields()) {
                if (!field.isCounter()) {
                    fields.put(field.name(), text(values.get(field.name())));
                }
            }
            // A shop's own fields (custom.<name>): each its own field, absent until written.
            values.forEach((key, value) -> {
                if (com.repairsync.protocol.CustomValues.isKey(key)) {
                    fields.put(key, text(value));
                }
            });
            expected.put(id, new Expected(entity, id, fields));
        });
        return expected;
    }

    /** The fields an upsert sets: a create sets every field, to its default if not given. */
    static Map<String, Object> written(EntityType type, Write write) {
        if (!write.create()) {
            return write.fields();
        }
        Map<String, Object> values = new HashMap<>();
        for (FieldSpec field : type.fields()) {
            values.put(field.name(), field.defaultValue());
        }
        values.putAll(write.fields());
        return values;
    }

    /** The fields of an upsert that the server applied: those it did not supersede ({@link #lost}). */
    private Map<String, Object> applied(EntityType type, Write write) {
        Map<String, Object> values = new HashMap<>(written(type, write));
        values.keySet().removeIf(field -> lost.contains(write.key() + "." + field + "@" + write.hlc()));
        return values;
    }

    /**
     * The writes (creates and edits, discarded or not) that could have put this value into the
     * record's field: a device showing it has seen one of them.
     */
    List<Write> writesOf(String entity, String id, String field, String value) {
        EntityType type = Schema.entity(entity).orElseThrow();
        return byMutationId.values().stream()
                .filter(w -> w.entity().equals(entity) && w.recordId().equals(id) && w.op().equals("upsert"))
                .filter(w -> {
                    Map<String, Object> set = written(type, w);
                    return set.containsKey(field) && Objects.equals(text(set.get(field)), value);
                })
                .toList();
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
