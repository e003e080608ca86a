package io.cjm.platform.testing;

import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** One scrape of /q/metrics (Prometheus text format), read one sample at a time. */
public final class Scrape {

    private final String text;

    private Scrape(String text) {
        this.text = text;
    }

    /** Reads the text a metrics endpoint answered. */
    public static Scrape of(String prometheusText) {
        return new Scrape(prometheusText);
    }

    /** The value of the first sample with that name and (at least) those labels, if there is one. */
    public OptionalDouble value(String name, Map<String, String> labels) {
        return text.lines().filter(l -> !l.startsWith("#"))
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> labels(l).entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Scrape::sampleValue)
                .findFirst();
    }

    /** The value of the sample without labels, if there is one. */
    public OptionalDouble value(String name) {
        return value(name, Map.of());
    }

    /** The value, or 0 when the sample is not there (yet). */
    public double valueOrZero(String name, Map<String, String> labels) {
        return value(name, labels).orElse(0);
    }

    /** The value of a sample line, left of an exemplar ({@code # {trace_id=...} value time}) if it has one. */
    private static double sampleValue(String line) {
        int exemplar = line.indexOf(" # ");
        String sample = exemplar < 0 ? line : line.substring(0, exemplar);
        return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
    }

    private static Map<String, String> labels(String line) {
        int open = line.indexOf('{');
        int space = line.indexOf(' ');
        if (open < 0 || (space >= 0 && space < open)) {
            return Map.of();
        }
        String inside = line.substring(open + 1, line.indexOf('}'));
        return Arrays.stream(inside.split(",")).filter(p -> p.contains("="))
                .collect(Collectors.toMap(p -> p.substring(0, p.indexOf('=')).trim(),
                        p -> p.substring(p.indexOf('=') + 1).trim().replace("\"", ""), (a, b) -> a));
    }

    @Override
    public String toString() {
        return text.lines().filter(l -> l.startsWith("cjm_")).collect(Collectors.joining("\n"));
    }
}
