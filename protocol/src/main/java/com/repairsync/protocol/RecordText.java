package com.repairsync.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Objects;

/**
 * A record's JSON object carried as its text, which is how both ends store it: the server's
 * database renders it and the page copies it in; a device reads it token by token into text and
 * stores that, without building a tree and writing it out again. {@link #tree()} parses it where
 * fields must be looked at (rebasing local changes, conflicts).
 */
@JsonSerialize(using = RecordText.Writer.class)
@JsonDeserialize(using = RecordText.Reader.class)
public final class RecordText {
    private static final ObjectMapper JSON = JsonMappers.shared();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private final String json;

    private RecordText(String json) {
        this.json = json;
    }

    /** Text that is a JSON object, as a trusted source (the server's database) rendered it. */
    public static RecordText of(String json) {
        return new RecordText(Objects.requireNonNull(json, "json"));
    }

    public static RecordText of(ObjectNode record) {
        return new RecordText(record.toString());
    }

    /** The JSON object's text. */
    public String json() {
        return json;
    }

    /**
     * The record parsed, a new tree on every call (callers may change it).
     *
     * @throws IllegalStateException if the text is not a JSON object
     */
    public ObjectNode tree() {
        try {
            if (JSON.readTree(json) instanceof ObjectNode record) {
                return record;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record is not valid JSON: " + e.getOriginalMessage(), e);
        }
        throw new IllegalStateException("a record is not a JSON object: " + json);
    }

    /** Equal when the objects are: the same members and values, whatever the spacing. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RecordText that
                && (json.equals(that.json) || Objects.equals(parsedOrText(), that.parsedOrText()));
    }

    @Override
    public int hashCode() {
        return parsedOrText().hashCode();
    }

    /** The tree, or the text itself where it is not a JSON object (never from a page or a database). */
    private Object parsedOrText() {
        try {
            return tree();
        } catch (IllegalStateException notAnObject) {
            return json;
        }
    }

    @Override
    public String toString() {
        return json;
    }

    /** Writes the text into the document as it is. */
    static final class Writer extends JsonSerializer<RecordText> {
        @Override
        public void serialize(RecordText record, JsonGenerator generator, SerializerProvider serializers)
                throws IOException {
            generator.writeRawValue(record.json);
        }
    }

    /** Copies the object's tokens into compact text; anything but an object is refused. */
    static final class Reader extends JsonDeserializer<RecordText> {
        @Override
        public RecordText deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                return (RecordText) context.handleUnexpectedToken(RecordText.class, parser);
            }
            StringWriter text = new StringWriter(512);
            try (JsonGenerator generator = FACTORY.createGenerator(text)) {
                generator.copyCurrentStructure(parser);
            }
            return new RecordText(text.toString());
        }
    }
}
