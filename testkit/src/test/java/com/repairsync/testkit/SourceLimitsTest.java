package com.repairsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceLimitsTest {
    @Test
    void findsMethodsConstructorsAndWrappedSignaturesButNotBlocksOrLambdas() {
        List<String> source = List.of(
                "class A {",
                "    A(int x) {",
                "        this.x = x;",
                "    }",
                "",
                "    /** Docs. */",
                "    @Override",
                "    public <T> List<T> wrapped(",
                "            String a, String b) throws IOException {",
                "        if (a != null) {",
                "            run(() -> {",
                "                go();",
                "            });",
                "        } else if (b != null) {",
                "            return new Thing() {",
                "            };",
                "        }",
                "    }",
                "",
                "    record Pair(String a,",
                "            String b) {",
                "        Pair {",
                "        }",
                "    }",
                "",
                "    static final class Inner {",
                "        void nested() {",
                "            call();",
                "        }",
                "    }",
                "}");
        assertThat(SourceLimits.methods(source))
                .extracting(SourceLimits.Method::signature, SourceLimits.Method::lines)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("A(int x) {", 3),
                        org.assertj.core.groups.Tuple.tuple("public <T> List<T> wrapped(", 11),
                        org.assertj.core.groups.Tuple.tuple("void nested() {", 3));
    }

    @Test
    void reportsLongFilesAndMethods(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        StringBuilder body = new StringBuilder("class Long {\n    void run() {\n");
        for (int i = 0; i < 70; i++) {
            body.append("        step").append(i).append("();\n");
        }
        body.append("    }\n}\n");
        java.nio.file.Files.writeString(dir.resolve("Long.java"), body);
        assertThat(new SourceLimits(50, 60).violations(dir))
                .containsExactly(
                        "Long.java: 74 lines (at most 50)",
                        "Long.java:2: method of 72 lines (at most 60): void run() {");
    }
}
