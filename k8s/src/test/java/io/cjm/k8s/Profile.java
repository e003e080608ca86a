package io.cjm.k8s;

import java.nio.file.Path;
import java.util.Optional;

/** The values files an operator installs the chart with: the defaults alone, or with one of the extra files. */
enum Profile {
    DEFAULT(null),
    PRODUCTION("values-production.yaml"),
    MINIMAL("values-minimal.yaml");

    private final String file;

    Profile(String file) {
        this.file = file;
    }

    /** The extra values file, applied on top of the chart's values.yaml. */
    Optional<Path> valuesFile() {
        return Optional.ofNullable(file).map(Chart.DIR::resolve);
    }
}
