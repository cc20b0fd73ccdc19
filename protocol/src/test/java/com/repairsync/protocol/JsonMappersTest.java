package com.repairsync.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

class JsonMappersTest {
    record Known(String id) {}

    @Test
    void theWireSkipsPropertiesItDoesNotKnow() throws Exception {
        Known known = JsonMappers.wire().readValue("{\"id\":\"a\",\"addedLater\":1}", Known.class);

        assertThat(known).isEqualTo(new Known("a"));
    }

    /** Every other setting is Jackson's default: the modules that need more add it to their own. */
    @Test
    void everyOtherSettingIsJacksonsDefault() {
        ObjectMapper wire = JsonMappers.wire();
        ObjectMapper defaults = new ObjectMapper();

        for (DeserializationFeature feature : DeserializationFeature.values()) {
            boolean expected =
                    feature == DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES ? false : defaults.isEnabled(feature);
            assertThat(wire.isEnabled(feature)).as(feature.name()).isEqualTo(expected);
        }
        for (SerializationFeature feature : SerializationFeature.values()) {
            assertThat(wire.isEnabled(feature)).as(feature.name()).isEqualTo(defaults.isEnabled(feature));
        }
        assertThat(wire.getRegisteredModuleIds()).isEmpty();
    }

    @Test
    void wireMakesANewMapperEachTimeAndSharedIsOne() {
        assertThat(JsonMappers.wire()).isNotSameAs(JsonMappers.wire());
        assertThat(JsonMappers.shared()).isSameAs(JsonMappers.shared());
        assertThat(JsonMappers.shared().isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
                .isFalse();
    }
}
