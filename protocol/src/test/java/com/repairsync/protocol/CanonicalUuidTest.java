package com.repairsync.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.protocol.schema.FieldSpec;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link FieldSpec#canonicalUuid} checks by hand what this regular expression says. */
class CanonicalUuidTest {
    private static final Pattern UUID_TEXT =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final String ODD_CHARACTERS = "-gGzZ /:@`{_\u0663\u00e9\u0000AFaf09";

    private static Optional<String> reference(String text) {
        return text != null && UUID_TEXT.matcher(text).matches()
                ? Optional.of(text.toLowerCase(Locale.ROOT))
                : Optional.empty();
    }

    @Test
    void agreesWithTheRegularExpressionOnNearMisses() {
        long seed = TestSeeds.seed("canonicalUuidNearMisses");
        Random random = new Random(seed);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(new UUID(random.nextLong(), random.nextLong()).toString());
            for (int j = 0; j < text.length(); j++) {
                if (random.nextInt(3) == 0) {
                    text.setCharAt(j, Character.toUpperCase(text.charAt(j)));
                }
            }
            switch (random.nextInt(4)) {
                case 0 ->
                    text.setCharAt(
                            random.nextInt(text.length()),
                            ODD_CHARACTERS.charAt(random.nextInt(ODD_CHARACTERS.length())));
                case 1 -> text.deleteCharAt(random.nextInt(text.length()));
                case 2 -> text.insert(random.nextInt(text.length() + 1), 'a');
                default -> {} // a valid UUID in mixed case
            }
            String candidate = text.toString();
            assertThat(FieldSpec.canonicalUuid(candidate)).as(candidate).isEqualTo(reference(candidate));
        }
    }

    @Test
    void refusesNullAndEmpty() {
        assertThat(FieldSpec.canonicalUuid(null)).isEmpty();
        assertThat(FieldSpec.canonicalUuid("")).isEmpty();
        assertThat(FieldSpec.canonicalUuid("6F1C2D3E-0000-4000-8000-00000000000A"))
                .contains("6f1c2d3e-0000-4000-8000-00000000000a");
    }
}
