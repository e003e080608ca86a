package io.cjm.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The settings each service reads reach it, with values that make the suite work together. */
class EnvironmentTest {

    private static final Path REPO = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern GRPC_CLIENT = Pattern.compile("^quarkus\\.grpc\\.clients\\.([a-z0-9-]+)\\.(host|port)$");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"(cjm\\.[^\"]+)\"");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"(cjm\\.[^\"]+)\"");
    private static final Pattern MAPPING_METHOD = Pattern.compile("(?m)^\\s+[\\w<>.]+\\s+(\\w+)\\(\\);");

    @ParameterizedTest(name = "{0} values")
    @EnumSource(Profile.class)
    void everySettingAServiceReadsIsSet(Profile profile) {
        Rendered rendered = Chart.render(profile);
        for (String service : Suite.SERVICES) {
            Map<String, EnvVar> env = rendered.env(service);
            assertThat(env.keySet()).as("environment of %s", service)
                    .containsAll(Suite.ENV.get(service))
                    .containsAll(Suite.CHART_ENV);
            for (String name : Suite.ENV.get(service)) {
                EnvVar var = env.get(name);
                assertThat(var.getValueFrom() != null || (var.getValue() != null && !var.getValue().isBlank()))
                        .as("%s of %s has a value", name, service).isTrue();
            }
        }
    }

    @Test
    void theListOfSettingsCoversEverythingTheServicesRead() throws IOException {
        for (String service : Suite.SERVICES) {
            Set<String> keys = new TreeSet<>();
            Set<String> read = new TreeSet<>(readFromProperties(service, keys));
            read.addAll(readFromJava(REPO.resolve(service), keys));
            if (Suite.DATA_SERVICES.contains(service)) {
                read.addAll(readFromJava(REPO.resolve("platform"), keys));
            }
            Set<String> listed = new TreeSet<>(Suite.ENV.get(service));
            listed.addAll(Suite.CHART_ENV);
            assertThat(listed)
                    .as("%s reads these settings: the chart must set them, and Suite.ENV or CHART_ENV list them",
                            service)
                    .containsAll(read);
        }
    }

    /**
     * Variables referenced by the service's application.properties, its port and its gRPC client addresses;
     * adds the keys the file sets to {@code keys}.
     */
    private static Set<String> readFromProperties(String service, Set<String> keys) throws IOException {
        Path properties = REPO.resolve(service).resolve("src/main/resources/application.properties");
        assertThat(properties).as("application.properties of %s", service).exists();
        Set<String> read = new TreeSet<>();
        for (String line : Files.readAllLines(properties)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("%") || !trimmed.contains("=")) {
                continue; // comments and profiled (test, dev) keys do not run in the cluster
            }
            String key = trimmed.substring(0, trimmed.indexOf('=')).strip();
            keys.add(key);
            Matcher references = ENV_REFERENCE.matcher(trimmed);
            while (references.find()) {
                read.add(references.group(1));
            }
            Matcher client = GRPC_CLIENT.matcher(key);
            if (client.matches()) {
                read.add(client.group(2).equals("host") ? Suite.clientHost(client.group(1)) : Suite.clientPort(client.group(1)));
            }
            if (key.equals("quarkus.http.port")) {
                read.add("QUARKUS_HTTP_PORT");
            }
        }
        return read;
    }

    /**
     * The project's own settings ({@code cjm.*}) read by a module's main Java code, as environment variables,
     * except those application.properties sets (its {@code ${VAR}} reference names their variable).
     */
    private static Set<String> readFromJava(Path module, Set<String> propertiesKeys) throws IOException {
        Set<String> read = new TreeSet<>();
        Path sources = module.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            return read;
        }
        try (var files = Files.walk(sources)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String java = Files.readString(file);
                Matcher property = CONFIG_PROPERTY.matcher(java);
                while (property.find()) {
                    if (!propertiesKeys.contains(property.group(1))) {
                        read.add(environmentName(property.group(1)));
                    }
                }
                Matcher mapping = CONFIG_MAPPING.matcher(java);
                if (mapping.find()) {
                    Matcher method = MAPPING_METHOD.matcher(java);
                    while (method.find()) {
                        String kebab = method.group(1).replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
                        String key = mapping.group(1) + "." + kebab;
                        if (!propertiesKeys.contains(key)) {
                            read.add(environmentName(key));
                        }
                    }
                }
            }
        }
        return read;
    }

    private static String environmentName(String property) {
        return property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    @ParameterizedTest(name = "{0} values")
    @EnumSource(Profile.class)
    void eachServiceListensOnThePortItsServiceAndProbesUse(Profile profile) {
        Rendered rendered = Chart.render(profile);
        for (String service : Suite.SERVICES) {
            int port = Suite.PORTS.get(service);
            assertThat(rendered.envValue(service, "QUARKUS_HTTP_PORT")).as("%s QUARKUS_HTTP_PORT", service)
                    .isEqualTo(String.valueOf(port));
            assertThat(rendered.container(service).getPorts().getFirst().getContainerPort()).isEqualTo(port);
            var servicePort = rendered.service(service).getSpec().getPorts().getFirst();
            assertThat(servicePort.getPort()).isEqualTo(port);
            assertThat(servicePort.getTargetPort().getStrVal()).isEqualTo("http");
        }
    }

    @ParameterizedTest(name = "{0} values")
    @EnumSource(Profile.class)
    void everyGrpcClientAddressIsARenderedServiceOfTheCalledServiceAndItsPort(Profile profile) {
        assertClientsReachTheirServices(Chart.render(profile), "");
    }

    @Test
    void grpcClientAddressesFollowTheNamePrefix() {
        Rendered rendered = Chart.render(Profile.DEFAULT, Map.of("global.namePrefix", "blue-"));

        assertThat(rendered.names(Service.class)).allMatch(n -> n.startsWith("blue-"));
        assertThat(rendered.envValue("blue-touchpoint-service", "QUARKUS_GRPC_CLIENTS_IDENTITY_HOST"))
                .isEqualTo("blue-identity-service");
        assertClientsReachTheirServices(rendered, "blue-");
    }

    @ParameterizedTest(name = "{0} values")
    @EnumSource(Profile.class)
    void dataServicesGetTheirOwnDatabaseOnTheSharedServerAndTheGatewayNone(Profile profile) {
        Rendered rendered = Chart.render(profile);
        String host = profile == Profile.PRODUCTION ? "postgresql.databases.svc" : "postgresql";
        Set<String> names = new HashSet<>();
        for (String service : Suite.DATA_SERVICES) {
            assertThat(rendered.envValue(service, "DB_HOST")).isEqualTo(host);
            assertThat(rendered.envValue(service, "DB_PORT")).isEqualTo("5432");
            assertThat(names.add(rendered.envValue(service, "DB_NAME"))).as("%s has a database of its own", service).isTrue();
            assertThat(Integer.parseInt(rendered.envValue(service, "DB_POOL_SIZE"))).isPositive();
            assertThat(rendered.env(service).get("DB_PASSWORD").getValue()).as("no literal password").isNull();
        }
        assertThat(rendered.env("gateway").keySet()).noneMatch(n -> n.startsWith("DB_"));
    }

    @Test
    void withoutAnExistingSecretThePasswordComesFromOneTheChartMakes() {
        Rendered rendered = Chart.render(Profile.DEFAULT);
        for (String service : Suite.DATA_SERVICES) {
            var ref = rendered.env(service).get("DB_PASSWORD").getValueFrom().getSecretKeyRef();
            Secret secret = rendered.get(Secret.class, ref.getName());
            assertThat(secret.getData()).as("Secret %s", ref.getName()).containsKey(ref.getKey());
        }
    }

    @Test
    void theGrpcCallersGetTheServiceAccountWithItsSecretFromASecretAndTheOthersNone() {
        for (Profile profile : Profile.values()) {
            Rendered rendered = Chart.render(profile);
            for (String service : Suite.SERVICES) {
                boolean caller = !Suite.CALLS.get(service).isEmpty();
                assertThat(rendered.env(service).containsKey("CJM_GRPC_CLIENT_SECRET"))
                        .as("%s (%s) gets the service account", service, profile).isEqualTo(caller);
                if (!caller) {
                    continue;
                }
                assertThat(rendered.envValue(service, "CJM_GRPC_CLIENT_ID")).isEqualTo("cjm-services");
                var ref = rendered.env(service).get("CJM_GRPC_CLIENT_SECRET").getValueFrom().getSecretKeyRef();
                assertThat(ref.getKey()).isEqualTo("client-secret");
                if (profile == Profile.PRODUCTION) {
                    assertThat(ref.getName()).isEqualTo("cjm-grpc-client");
                } else {
                    assertThat(rendered.get(Secret.class, ref.getName()).getData()).containsKey("client-secret");
                }
            }
        }
    }

    @Test
    void inProductionEachServiceUsesItsOwnUserAndExistingSecretAndTheChartMakesNone() {
        Rendered rendered = Chart.render(Profile.PRODUCTION);
        assertThat(rendered.all(Secret.class)).isEmpty();
        for (String service : Suite.DATA_SERVICES) {
            String shortName = service.replace("-service", "");
            var ref = rendered.env(service).get("DB_PASSWORD").getValueFrom().getSecretKeyRef();
            assertThat(ref.getName()).isEqualTo("cjm-" + shortName + "-db");
            assertThat(ref.getKey()).isEqualTo("password");
            assertThat(rendered.envValue(service, "DB_USER")).isEqualTo("cjm_" + shortName);
        }
    }

    @ParameterizedTest(name = "{0} values")
    @EnumSource(Profile.class)
    void theGatewayValidatesTokensAgainstTheConfiguredKeycloakRealm(Profile profile) {
        String issuer = profile == Profile.PRODUCTION
                ? "https://auth.example.com/realms/cjm"
                : "https://keycloak.example.com/realms/cjm";
        assertThat(Chart.render(profile).envValue("gateway", "CJM_OIDC_URL")).isEqualTo(issuer);
    }

    @Test
    void tracesGoToTheCollectorUnlessOpenTelemetryIsOff() {
        for (String service : Suite.SERVICES) {
            assertThat(Chart.render(Profile.DEFAULT).envValue(service, "OTEL_EXPORTER_OTLP_ENDPOINT"))
                    .isEqualTo("http://otel-collector.observability.svc:4317");
            assertThat(Chart.render(Profile.MINIMAL).envValue(service, "QUARKUS_OTEL_SDK_DISABLED")).isEqualTo("true");
        }
    }

    @Test
    void serviceSettingsHaveTheApplicationsDefaultsAndCanBeChanged() {
        Rendered defaults = Chart.render(Profile.DEFAULT);
        assertThat(defaults.envValue("identity-service", "CJM_DEFAULT_REGION")).isEqualTo("US");
        assertThat(defaults.envValue("touchpoint-service", "CJM_RELAY_CONCURRENCY")).isEqualTo("8");
        assertThat(defaults.envValue("journey-service", "CJM_ABANDON_CHECK_EVERY")).isEqualTo("60s");

        Rendered changed = Chart.render(Profile.DEFAULT, Map.of("services.identity-service.env.CJM_DEFAULT_REGION", "ES"));
        assertThat(changed.envValue("identity-service", "CJM_DEFAULT_REGION")).isEqualTo("ES");
    }

    private static void assertClientsReachTheirServices(Rendered rendered, String prefix) {
        for (var entry : Suite.CALLS.entrySet()) {
            String caller = prefix + entry.getKey();
            Map<String, EnvVar> env = rendered.env(caller);
            Set<String> reached = new TreeSet<>();
            for (var client : Suite.CLIENT_TARGETS.entrySet()) {
                EnvVar host = env.get(Suite.clientHost(client.getKey()));
                if (host == null) {
                    continue;
                }
                String target = prefix + client.getValue();
                Service service = rendered.service(host.getValue());
                assertThat(service.getMetadata().getName()).as("%s's %s client host", caller, client.getKey()).isEqualTo(target);
                assertThat(Traffic.selects(new LabelSelectorBuilder().withMatchLabels(service.getSpec().getSelector()).build(),
                        rendered.deployment(target).getSpec().getTemplate().getMetadata().getLabels()))
                        .as("Service %s sends to the pods of %s", service.getMetadata().getName(), target).isTrue();
                assertThat(rendered.envValue(caller, Suite.clientPort(client.getKey())))
                        .as("%s's %s client port", caller, client.getKey())
                        .isEqualTo(String.valueOf(service.getSpec().getPorts().getFirst().getPort()))
                        .isEqualTo(String.valueOf(rendered.container(target).getPorts().getFirst().getContainerPort()));
                reached.add(client.getValue());
            }
            assertThat(reached).as("services %s has gRPC clients for", caller).isEqualTo(new TreeSet<>(entry.getValue()));
        }
    }
}
