package io.cjm.k8s;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Runs Helm (bundled by helm-java) on the chart under test. */
final class Chart {

    /** The chart directory, k8s/journey-suite. */
    static final Path DIR = Path.of(System.getProperty("chart.dir", "journey-suite")).toAbsolutePath().normalize();
    static final String RELEASE = "cjm";
    static final String NAMESPACE = "cjm-prod";

    private static final Map<String, Rendered> RENDERS = new ConcurrentHashMap<>();

    private Chart() {
    }

    /** {@code helm template} with the profile's values, parsed; cached, since a render never changes. */
    static Rendered render(Profile profile) {
        return render(profile, Map.of());
    }

    /** {@code helm template} with the profile's values and {@code --set key=value} for each entry. */
    static Rendered render(Profile profile, Map<String, String> sets) {
        return RENDERS.computeIfAbsent(profile + " " + new TreeMap<>(sets),
                k -> Rendered.parse(template(profile, sets)));
    }

    /** The raw output of {@code helm template}; throws IllegalStateException with Helm's error when it fails. */
    static String template(Profile profile, Map<String, String> sets, Path... extraValuesFiles) {
        TemplateCommand command = new Helm(DIR).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion("1.31.0");
        if (profile.valuesFile().isPresent()) {
            command = command.withValuesFile(profile.valuesFile().get());
        }
        for (Path file : extraValuesFiles) {
            command = command.withValuesFile(file);
        }
        for (var set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command.call();
    }

    /** What {@code helm install} prints (client-only dry run), NOTES.txt included. */
    static String installNotes(Profile profile) {
        var install = new Helm(DIR).install().withName(RELEASE).withNamespace(NAMESPACE).clientOnly().dryRun();
        if (profile.valuesFile().isPresent()) {
            install = install.withValuesFile(profile.valuesFile().get());
        }
        return install.call().getOutput();
    }

    /** {@code helm lint --strict} with the profile's values. */
    static LintResult lintStrict(Profile profile, Path workDir) {
        return lintStrict(profile.valuesFile(), workDir);
    }

    /**
     * {@code helm lint --strict}, with an extra values file if given. helm-java's lint takes no values file,
     * so the chart is copied to {@code workDir} with a values.yaml holding the chart's values.yaml and the
     * extra file merged over it the way Helm merges them (maps key by key, anything else replaced, null
     * deletes).
     */
    static LintResult lintStrict(Optional<Path> extraValues, Path workDir) {
        if (extraValues.isEmpty()) {
            return new Helm(DIR).lint().strict().call();
        }
        Path copy = workDir.resolve(DIR.getFileName());
        copyTree(DIR, copy);
        Yaml yaml = new Yaml();
        Map<String, Object> merged = load(yaml, DIR.resolve("values.yaml"));
        merge(merged, load(yaml, extraValues.get()));
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        write(copy.resolve("values.yaml"), new Yaml(options).dump(merged));
        return new Helm(copy).lint().strict().call();
    }

    /** Writes a values file an operator could have written. */
    static Path valuesFile(Path dir, String name, String content) {
        Path file = dir.resolve(name);
        write(file, content);
        return file;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> base, Map<String, Object> override) {
        for (var e : override.entrySet()) {
            Object current = base.get(e.getKey());
            if (e.getValue() == null) {
                base.remove(e.getKey());
            } else if (current instanceof Map && e.getValue() instanceof Map) {
                merge((Map<String, Object>) current, (Map<String, Object>) e.getValue());
            } else {
                base.put(e.getKey(), e.getValue());
            }
        }
    }

    private static Map<String, Object> load(Yaml yaml, Path file) {
        try (var in = Files.newInputStream(file)) {
            Map<String, Object> values = yaml.load(in);
            return values == null ? new LinkedHashMap<>() : values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
