package io.cjm.platform.db;

import java.util.Collection;

/**
 * A list of ids as one SQL parameter: the ids travel as a JSON array of strings in one text
 * parameter, and {@link #anyOf} reads them back as {@code = ANY (ARRAY(...))}. The statement's
 * text is then the same however many ids there are, so Hibernate does not translate an HQL
 * {@code in :ids} again for each new list size (in the pipeline benchmark that was about a tenth
 * of journey-service's CPU), PostgreSQL takes any number of ids (an {@code in} list stops at
 * 65,535 parameters), and the array is built once and probed through an index whatever the
 * statistics say.
 */
public final class SqlIds {

    private SqlIds() {
    }

    /** SQL for "any of the ids of the JSON array bound to parameter {@code ?n}", to follow {@code column =}. */
    public static String anyOf(int n) {
        return "ANY (ARRAY(SELECT jsonb_array_elements_text(CAST(CAST(?" + n + " AS text) AS jsonb))))";
    }

    /** The ids as a JSON array of strings, for {@link #anyOf}. */
    public static String json(Collection<String> ids) {
        StringBuilder out = new StringBuilder(ids.size() * 40 + 2).append('[');
        boolean first = true;
        for (String id : ids) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append('"');
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
        return out.append(']').toString();
    }
}
