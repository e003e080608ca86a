package io.cjm.journey.domain;

import java.util.List;
import java.util.Objects;

/**
 * A named step of a journey map; a touchpoint whose type matches one of the patterns places
 * the journey in this stage.
 */
public record Stage(String name, List<String> patterns) {

    public Stage {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a stage needs a name");
        }
        patterns = List.copyOf(patterns);
    }
}
