package io.cjm.journey.domain;

import java.util.Locale;

/** The kind of goal a journey pursues, as listed on a journey definition. */
public enum Category {
    PURCHASE, SETUP, SUPPORT, BILLING, RETENTION, OTHER;

    /** The lower-case name used in the API and in storage, e.g. {@code "purchase"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The category with the given wire name, ignoring case.
     *
     * @throws IllegalArgumentException when no category has that name
     */
    public static Category fromWireName(String wireName) {
        for (Category category : values()) {
            if (category.wireName().equalsIgnoreCase(wireName == null ? "" : wireName.trim())) {
                return category;
            }
        }
        throw new IllegalArgumentException("unknown journey category: " + wireName);
    }
}
