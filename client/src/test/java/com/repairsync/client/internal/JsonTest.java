package com.repairsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The direct writer of flat objects writes exactly what Jackson writes, or leaves it to Jackson. */
class JsonTest {
    private static final String ODD = "\"\\/\n\r\t\u0000\u0001\u001f\u007f é中😀\u2028<>&'";

    @Test
    void flatObjectsAreWrittenExactlyAsJacksonWritesThem() throws JsonProcessingException {
        long seed = Long.getLong("repairsync.seed", System.nanoTime());
        System.out.println("JsonTest seed=" + seed + " (rerun with -Drepairsync.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2_000; i++) {
            ObjectNode object = Json.MAPPER.createObjectNode();
            int fields = random.nextInt(12);
            for (int f = 0; f < fields; f++) {
                String name = text(random);
                switch (random.nextInt(5)) {
                    case 0 -> object.put(name, text(random));
                    case 1 -> object.put(name, random.nextLong());
                    case 2 -> object.put(name, random.nextInt());
                    case 3 -> object.put(name, random.nextBoolean());
                    default -> object.putNull(name);
                }
            }

            assertThat(Json.writeFlat(object))
                    .as("seed %d, object %d", seed, i)
                    .isEqualTo(Json.MAPPER.writeValueAsString(object));
            assertThat(Json.write(object)).isEqualTo(Json.MAPPER.writeValueAsString(object));
        }
    }

    @Test
    void anythingElseIsLeftToJackson() throws JsonProcessingException {
        ObjectNode nested = Json.MAPPER.createObjectNode().put("a", 1);
        nested.putObject("inner").put("b", "c");
        ObjectNode fraction = Json.MAPPER.createObjectNode().put("price", 1.5);
        ObjectNode huge = Json.MAPPER.createObjectNode().put("n", new BigInteger("123456789012345678901234567890"));
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.putArray("ids").add("x");

        for (ObjectNode other : new ObjectNode[] {nested, fraction, huge, list}) {
            assertThat(Json.writeFlat(other)).isNull();
            assertThat(Json.write(other)).isEqualTo(Json.MAPPER.writeValueAsString(other));
        }
    }

    private static String text(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(10);
        for (int i = 0; i < length; i++) {
            text.append(
                    random.nextInt(4) == 0
                            ? ODD.charAt(random.nextInt(ODD.length()))
                            : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
