package com.repairsync.server.history;

import com.fasterxml.jackson.core.JsonGenerator;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.JsonMappers;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the {@code changes} column of history rows: a JSON array of {@link
 * com.repairsync.protocol.HistoryEntry.FieldChange} (a create's without their {@code from}, see
 * {@link #created}), values in wire form as the record's JSON has
 * them ({@link com.repairsync.server.sync.RecordJson}), fields in declared order (then custom values,
 * {@code custom.<name>}, in name order), a secret field
 * only as {@code "changed": true}. It runs on the push's hot path, so it writes straight from the
 * record states with one generator for every row it renders (no tree, no per-row generator), and
 * reads each entity's fields from an array made once. Not thread-safe: one per push batch.
 */
public final class HistoryChanges implements AutoCloseable {
    /** The changes of a change that wrote no field: a delete, a restore, a password. */
    public static final String NONE = "[]";

    /** Each entity's fields in declared order ({@link EntityType#fields()} copies its list on every call). */
    private static final Map<EntityType, FieldSpec[]> FIELDS = new ConcurrentHashMap<>();

    private final StringBuilder text = new StringBuilder(512);
    private final JsonGenerator json;

    public HistoryChanges() {
        try {
            json = JsonMappers.shared().getFactory().createGenerator(new Appender(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json.setRootValueSeparator(null); // each row's array is taken out on its own
    }

    /**
     * A create: every field it gave a value, stored without its {@code "from": null} (every field of
     * a create comes from null; {@link HistoryReader} puts it back, so readers see the same). A
     * create is most of a busy shop's history, and this is a third of its bytes.
     */
    public String created(EntityType type, RecordState after) {
        try {
            json.writeStartArray();
            for (FieldSpec field : fields(type)) {
                Object value = after.value(field.name());
                if (value != null) {
                    json.writeStartObject();
                    json.writeStringField("field", field.name());
                    if (field.secret()) {
                        json.writeBooleanField("changed", true); // never a value of a secret, not even a hash
                    } else {
                        json.writeFieldName("to");
                        value(value);
                    }
                    json.writeEndObject();
                }
            }
            if (type.allowsCustomFields()) {
                for (String key : customKeys(after, null)) {
                    Object value = after.value(key);
                    if (value != null) {
                        json.writeStartObject();
                        json.writeStringField("field", key);
                        json.writeFieldName("to");
                        value(value);
                        json.writeEndObject();
                    }
                }
            }
            return end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The custom value keys ({@code custom.<name>}) the states hold, in name order: they follow the
     * declared fields in a row's changes.
     */
    private static Set<String> customKeys(RecordState one, RecordState other) {
        Set<String> keys = new TreeSet<>();
        for (RecordState state : new RecordState[] {one, other}) {
            if (state != null) {
                state.values().keySet().stream().filter(CustomValues::isKey).forEach(keys::add);
            }
        }
        return keys;
    }

    /** An update: each field whose stored value changed, from and to. */
    public String updated(EntityType type, RecordState before, RecordState after) {
        try {
            json.writeStartArray();
            for (FieldSpec field : fields(type)) {
                Object from = before.value(field.name());
                Object to = after.value(field.name());
                if (!Objects.equals(from, to)) {
                    set(field, from, to);
                }
            }
            if (type.allowsCustomFields()) {
                for (String key : customKeys(before, after)) {
                    Object from = before.value(key);
                    Object to = after.value(key);
                    if (!Objects.equals(from, to)) {
                        json.writeStartObject();
                        json.writeStringField("field", key);
                        json.writeFieldName("from");
                        value(from);
                        json.writeFieldName("to");
                        value(to);
                        json.writeEndObject();
                    }
                }
            }
            return end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An adjustment: each counter it moved, by how much and to what. */
    public String adjusted(EntityType type, Map<String, Long> deltas, RecordState after) {
        try {
            json.writeStartArray();
            for (FieldSpec field : fields(type)) {
                Long delta = deltas.get(field.name());
                if (delta == null) {
                    continue;
                }
                json.writeStartObject();
                json.writeStringField("field", field.name());
                if (field.secret()) {
                    json.writeBooleanField("changed", true);
                } else {
                    json.writeFieldName("to"); // in FieldChange's order: field, from, to, delta
                    value(after.value(field.name()));
                    json.writeNumberField("delta", delta);
                }
                json.writeEndObject();
            }
            return end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gives the generator's buffers back. */
    @Override
    public void close() {
        try {
            json.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void set(FieldSpec field, Object from, Object to) throws IOException {
        json.writeStartObject();
        json.writeStringField("field", field.name());
        if (field.secret()) {
            json.writeBooleanField("changed", true); // never a value of a secret, not even a hash
        } else {
            json.writeFieldName("from");
            value(from);
            json.writeFieldName("to");
            value(to);
        }
        json.writeEndObject();
    }

    /** A value as the record's JSON has it: numbers, booleans, instants as wire text, the rest as strings. */
    private void value(Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Instant instant) {
            json.writeString(WireInstant.format(instant));
        } else {
            json.writeString(value.toString());
        }
    }

    private String end() throws IOException {
        json.writeEndArray();
        json.flush();
        String rendered = text.toString();
        text.setLength(0);
        return rendered;
    }

    private static FieldSpec[] fields(EntityType type) {
        return FIELDS.computeIfAbsent(type, t -> t.fields().toArray(FieldSpec[]::new));
    }

    /** The generator's output: the builder each row is taken from. */
    private static final class Appender extends Writer {
        private final StringBuilder out;

        Appender(StringBuilder out) {
            this.out = out;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            out.append(chars, offset, length);
        }

        @Override
        public void write(String text, int offset, int length) {
            out.append(text, offset, offset + length);
        }

        @Override
        public void flush() {
            // nothing buffered here
        }

        @Override
        public void close() {
            // the builder stays the caller's
        }
    }
}
