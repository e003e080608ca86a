package io.cjm.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RenderingTest {

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0} values")
    @EnumSource(Profile.class)
    void everyManifestParsesIntoAKubernetesObjectWithOnlyKnownFields(Profile profile) {
        Rendered rendered = Chart.render(profile);

        assertThat(rendered.objects()).isNotEmpty();
        for (HasMetadata object : rendered.objects()) {
            if (!(object instanceof GenericKubernetesResource)) {
                assertThat(ModelCheck.unknownFields(object))
                        .as("fields of %s %s unknown to Kubernetes", object.getKind(), object.getMetadata().getName())
                        .isEmpty();
            }
        }
        assertThat(rendered.objects())
                .filteredOn(o -> o instanceof GenericKubernetesResource)
                .extracting(HasMetadata::getKind)
                .as("only custom resources stay generic")
                .allMatch("ServiceMonitor"::equals);
    }

    @ParameterizedTest(name = "{0} values")
    @EnumSource(Profile.class)
    void everyObjectIsLabelledAsPartOfTheReleaseAndNamedUniquelyForItsKind(Profile profile) {
        Set<String> seen = new HashSet<>();
        for (HasMetadata object : Chart.render(profile).objects()) {
            assertThat(seen.add(object.getKind() + "/" + object.getMetadata().getName()))
                    .as("%s %s rendered twice", object.getKind(), object.getMetadata().getName()).isTrue();
            assertThat(object.getMetadata().getLabels())
                    .as("labels of %s %s", object.getKind(), object.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
                    .containsEntry("app.kubernetes.io/part-of", "journey-suite")
                    .containsEntry("app.kubernetes.io/managed-by", "Helm");
        }
    }

    @ParameterizedTest(name = "{0} values")
    @EnumSource(Profile.class)
    void eachServiceGetsOneDeploymentAndOneServiceNamedAfterIt(Profile profile) {
        Rendered rendered = Chart.render(profile);

        assertThat(rendered.names(Deployment.class)).containsExactlyInAnyOrderElementsOf(Suite.SERVICES);
        assertThat(rendered.names(Service.class)).containsExactlyInAnyOrderElementsOf(Suite.SERVICES);
        for (String name : Suite.SERVICES) {
            Service service = rendered.service(name);
            assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
            assertThat(service.getSpec().getPorts()).singleElement()
                    .satisfies(p -> assertThat(p.getPort()).isEqualTo(Suite.PORTS.get(name)));
            assertThat(Traffic.selects(
                    new LabelSelectorBuilder()
                            .withMatchLabels(service.getSpec().getSelector()).build(),
                    rendered.deployment(name).getSpec().getTemplate().getMetadata().getLabels()))
                    .as("Service %s selects the pods of Deployment %s", name, name).isTrue();
        }
    }

    @Test
    void imagesComeFromTheConfiguredRegistryWithTheChartsAppVersionUnlessATagIsPinned() {
        assertThat(Chart.render(Profile.DEFAULT).container("touchpoint-service").getImage())
                .isEqualTo("registry.example.com/cjm/touchpoint-service:0.1.0-SNAPSHOT");
        assertThat(Chart.render(Profile.PRODUCTION).container("gateway").getImage())
                .isEqualTo("registry.example.com/cjm/gateway:0.1.0");
        assertThat(Chart.render(Profile.DEFAULT, Map.of("global.image.registry", "ghcr.io/acme/"))
                .container("scoring-service").getImage())
                .isEqualTo("ghcr.io/acme/scoring-service:0.1.0-SNAPSHOT");
    }

    @Test
    void addingAServiceTakesOneValuesBlock() {
        Path values = Chart.valuesFile(work, "audit.yaml", """
                services:
                  audit-service:
                    enabled: true
                    replicas: 1
                    image: audit-service
                    port: 8085
                    exposed: false
                    keycloak: false
                    grpcClients:
                      scoring: scoring-service
                    database:
                      enabled: true
                      name: cjm_audit
                      user: ""
                      existingSecret: ""
                      poolSize: 4
                    env:
                      CJM_AUDIT_RETENTION: 30d
                    extraEnv: []
                    resources:
                      requests: {cpu: 50m, memory: 128Mi}
                      limits: {cpu: "1", memory: 256Mi}
                    autoscaling: {enabled: false, minReplicas: 1, maxReplicas: 2, targetCPUUtilizationPercentage: 80}
                    pdb: {enabled: false, maxUnavailable: 1}
                """);

        Rendered rendered = Rendered.parse(Chart.template(Profile.DEFAULT, Map.of(), values));

        assertThat(rendered.service("audit-service").getSpec().getPorts().getFirst().getPort()).isEqualTo(8085);
        assertThat(rendered.envValue("audit-service", "QUARKUS_GRPC_CLIENTS_SCORING_HOST")).isEqualTo("scoring-service");
        assertThat(rendered.envValue("audit-service", "DB_NAME")).isEqualTo("cjm_audit");
        assertThat(rendered.envValue("audit-service", "CJM_AUDIT_RETENTION")).isEqualTo("30d");
        var traffic = new Traffic(rendered.all(NetworkPolicy.class), Chart.NAMESPACE);
        assertThat(traffic.allows(pod(rendered, "audit-service"), pod(rendered, "scoring-service"), 8084, "TCP"))
                .as("the new service may call scoring-service").isTrue();
        assertThat(traffic.allows(pod(rendered, "gateway"), pod(rendered, "audit-service"), 8085, "TCP"))
                .as("nobody calls the new service, so nobody reaches it").isFalse();
    }

    @Test
    void aServiceCanBeSwitchedOffWhenNothingCallsIt() {
        Rendered rendered = Chart.render(Profile.DEFAULT, Map.of("services.gateway.enabled", "false"));

        assertThat(rendered.names(Deployment.class)).doesNotContain("gateway").hasSize(4);
        assertThat(rendered.names(Service.class)).doesNotContain("gateway");
        assertThat(rendered.names(NetworkPolicy.class)).doesNotContain("gateway");
    }

    @Test
    void switchingOffAServiceOthersCallFailsWithTheReason() {
        assertThatThrownBy(() -> Chart.template(Profile.DEFAULT, Map.of("services.scoring-service.enabled", "false")))
                .hasMessageContaining("calls scoring-service")
                .hasMessageContaining("disabled");
    }

    static Traffic.Endpoint pod(Rendered rendered, String service) {
        return Traffic.Endpoint.pod(Chart.NAMESPACE,
                rendered.deployment(service).getSpec().getTemplate().getMetadata().getLabels());
    }
}
