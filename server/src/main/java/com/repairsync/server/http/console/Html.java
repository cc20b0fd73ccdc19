package com.repairsync.server.http.console;

/**
 * Text made safe for HTML: every character that could end an element, an attribute or a
 * character reference is written as an entity, so text a device or a person typed always shows as
 * text, in element content and in quoted attributes alike.
 */
final class Html {
    private Html() {}

    /** The text, escaped for element content and double- or single-quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '`' -> out.append("&#96;");
                default -> {
                    if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                        out.append("&#xFFFD;");
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
