package io.cjm.k8s;

import static io.cjm.k8s.RenderingTest.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.cjm.k8s.Traffic.Endpoint;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Who may talk to whom once the NetworkPolicies are enforced. */
class NetworkPolicyTest {

    private static final Endpoint STRANGER_IN_NAMESPACE = Endpoint.pod(Chart.NAMESPACE, Map.of("app", "debug-shell"));
    private static final Endpoint OTHER_NAMESPACE_POD = Endpoint.pod("other-team", Map.of("app", "client"));
    private static final Endpoint INTERNET = Endpoint.outside("198.51.100.7");
    private static final Endpoint INGRESS_CONTROLLER =
            Endpoint.pod("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"));
    private static final Endpoint PROMETHEUS = Endpoint.pod("monitoring", Map.of("app.kubernetes.io/name", "prometheus"));
    private static final Endpoint KUBE_DNS = Endpoint.pod("kube-system", Map.of("k8s-app", "kube-dns"));

    @Test
    void theMinimalInstallHasNoPolicies() {
        assertThat(Chart.render(Profile.MINIMAL).all(NetworkPolicy.class)).isEmpty();
    }

    @ParameterizedTest(name = "{0} values")
    @EnumSource(value = Profile.class, names = {"DEFAULT", "PRODUCTION"})
    void everythingNotAllowedIsDeniedForEveryPodOfTheSuite(Profile profile) {
        Rendered rendered = Chart.render(profile);
        NetworkPolicy deny = rendered.get(NetworkPolicy.class, "journey-suite-default-deny");

        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
        for (String service : Suite.SERVICES) {
            assertThat(Traffic.selects(deny.getSpec().getPodSelector(), pod(rendered, service).labels()))
                    .as("the default deny covers %s", service).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} values")
    @EnumSource(value = Profile.class, names = {"DEFAULT", "PRODUCTION"})
    void eachServiceIsReachableOnlyFromTheServicesThatCallIt(Profile profile) {
        Rendered rendered = Chart.render(profile);
        Traffic traffic = traffic(rendered);
        for (String target : Suite.SERVICES) {
            int port = Suite.PORTS.get(target);
            for (String source : Suite.SERVICES) {
                if (source.equals(target)) {
                    continue;
                }
                boolean calls = Suite.CALLS.get(source).contains(target);
                // Each side on its own: the callee lets only its callers in, the caller lets out only calls.
                // Without networkPolicy.externalFrom the gateway is open to anyone, suite pods included.
                boolean openToAll = target.equals("gateway") && profile == Profile.DEFAULT;
                assertThat(traffic.ingressAllowed(pod(rendered, source), pod(rendered, target), port, "TCP"))
                        .as("%s lets %s in on %d", target, source, port).isEqualTo(calls || openToAll);
                assertThat(traffic.egressAllowed(pod(rendered, source), pod(rendered, target), port, "TCP"))
                        .as("%s lets out calls to %s:%d", source, target, port).isEqualTo(calls);
                assertThat(traffic.ingressAllowed(pod(rendered, source), pod(rendered, target), port + 100, "TCP"))
                        .as("%s lets %s in on another port", target, source).isFalse();
            }
            if (!target.equals("gateway")) {
                assertThat(traffic.allows(STRANGER_IN_NAMESPACE, pod(rendered, target), port, "TCP"))
                        .as("a pod outside the suite -> %s", target).isFalse();
                assertThat(traffic.allows(INTERNET, pod(rendered, target), port, "TCP"))
                        .as("the internet -> %s", target).isFalse();
            }
        }
    }

    @Test
    void byDefaultTheGatewayIsReachableFromAnywhereOnItsPortOnly() {
        Rendered rendered = Chart.render(Profile.DEFAULT);
        Traffic traffic = traffic(rendered);
        Endpoint gateway = pod(rendered, "gateway");

        assertThat(traffic.allows(INTERNET, gateway, 8080, "TCP")).isTrue();
        assertThat(traffic.allows(OTHER_NAMESPACE_POD, gateway, 8080, "TCP")).isTrue();
        assertThat(traffic.allows(INTERNET, gateway, 22, "TCP")).isFalse();
    }

    @Test
    void inProductionOnlyTheIngressControllerReachesTheGateway() {
        Rendered rendered = Chart.render(Profile.PRODUCTION);
        Traffic traffic = traffic(rendered);
        Endpoint gateway = pod(rendered, "gateway");

        assertThat(traffic.allows(INGRESS_CONTROLLER, gateway, 8080, "TCP")).isTrue();
        assertThat(traffic.allows(INTERNET, gateway, 8080, "TCP")).isFalse();
        assertThat(traffic.allows(OTHER_NAMESPACE_POD, gateway, 8080, "TCP")).isFalse();
        assertThat(traffic.allows(STRANGER_IN_NAMESPACE, gateway, 8080, "TCP")).isFalse();
        for (String service : Suite.DATA_SERVICES) {
            assertThat(traffic.allows(INGRESS_CONTROLLER, pod(rendered, service), Suite.PORTS.get(service), "TCP"))
                    .as("ingress controller -> %s", service).isFalse();
        }
    }

    @Test
    void internalTeamsReachOnlyTheServicesTheyAreLetInto() {
        Rendered production = Chart.render(Profile.PRODUCTION);
        Rendered defaults = Chart.render(Profile.DEFAULT);
        Endpoint analytics = Endpoint.pod("analytics", Map.of("app", "churn-model"));
        int scoring = Suite.PORTS.get("scoring-service");

        // Production lets the analytics namespace call scoring-service's gRPC, nothing else of the suite.
        assertThat(traffic(production).allows(analytics, pod(production, "scoring-service"), scoring, "TCP")).isTrue();
        assertThat(traffic(production).allows(analytics, pod(production, "scoring-service"), scoring + 1, "TCP"))
                .isFalse();
        assertThat(traffic(production).allows(OTHER_NAMESPACE_POD, pod(production, "scoring-service"), scoring,
                "TCP")).isFalse();
        for (String service : Suite.DATA_SERVICES) {
            if (!service.equals("scoring-service")) {
                assertThat(traffic(production).allows(analytics, pod(production, service), Suite.PORTS.get(service),
                        "TCP")).as("analytics -> %s", service).isFalse();
            }
        }
        // By default nobody outside the suite does.
        assertThat(traffic(defaults).allows(analytics, pod(defaults, "scoring-service"), scoring, "TCP")).isFalse();
    }

    @Test
    void prometheusScrapesEveryServiceOnlyWhenTheServiceMonitorIsOn() {
        Rendered production = Chart.render(Profile.PRODUCTION);
        Rendered defaults = Chart.render(Profile.DEFAULT);
        for (String service : Suite.DATA_SERVICES) {
            int port = Suite.PORTS.get(service);
            assertThat(traffic(production).allows(PROMETHEUS, pod(production, service), port, "TCP"))
                    .as("production: prometheus -> %s", service).isTrue();
            assertThat(traffic(defaults).allows(PROMETHEUS, pod(defaults, service), port, "TCP"))
                    .as("default: prometheus -> %s", service).isFalse();
        }
    }

    @ParameterizedTest(name = "{0} values")
    @EnumSource(value = Profile.class, names = {"DEFAULT", "PRODUCTION"})
    void everyServiceMayResolveNamesAndSendTraces(Profile profile) {
        Rendered rendered = Chart.render(profile);
        Traffic traffic = traffic(rendered);
        Endpoint collector = Endpoint.pod("observability", Map.of("app", "otel-collector"));
        for (String service : Suite.SERVICES) {
            assertThat(traffic.allows(pod(rendered, service), KUBE_DNS, 53, "UDP")).as("%s -> DNS/UDP", service).isTrue();
            assertThat(traffic.allows(pod(rendered, service), KUBE_DNS, 53, "TCP")).as("%s -> DNS/TCP", service).isTrue();
            assertThat(traffic.allows(pod(rendered, service), collector, 4317, "TCP")).as("%s -> collector", service).isTrue();
            // Every service reaches Keycloak (gRPC tokens): without Keycloak peers (the default values)
            // that is its port anywhere; with them (production) nothing else on 443.
            if (profile == Profile.PRODUCTION) {
                assertThat(traffic.allows(pod(rendered, service), INTERNET, 443, "TCP"))
                        .as("%s -> anywhere on the internet", service).isFalse();
            }
        }
    }

    @Test
    void onlyDataServicesReachPostgresqlAndEveryServiceReachesKeycloak() {
        Rendered rendered = Chart.render(Profile.PRODUCTION);
        Traffic traffic = traffic(rendered);
        Endpoint postgresql = Endpoint.pod("databases", Map.of("app", "postgresql"));
        Endpoint keycloak = Endpoint.outside("203.0.113.10");
        for (String service : Suite.SERVICES) {
            boolean data = Suite.DATA_SERVICES.contains(service);
            assertThat(traffic.allows(pod(rendered, service), postgresql, 5432, "TCP")).as("%s -> PostgreSQL", service)
                    .isEqualTo(data);
            // Every service checks the tokens of the gRPC calls it serves, or gets its own for those it makes.
            assertThat(traffic.allows(pod(rendered, service), keycloak, 443, "TCP")).as("%s -> Keycloak", service)
                    .isTrue();
            assertThat(traffic.allows(pod(rendered, service), INTERNET, 443, "TCP"))
                    .as("%s reaches Keycloak, not the whole internet", service).isFalse();
        }
        assertThat(traffic.allows(pod(rendered, "gateway"), INTERNET, 443, "TCP"))
                .as("the gateway reaches Keycloak, not the whole internet").isFalse();
    }

    @Test
    void withoutPeersConfiguredPostgresqlAndKeycloakAreReachableOnTheirPortsOnly() {
        Rendered rendered = Chart.render(Profile.DEFAULT);
        Traffic traffic = traffic(rendered);
        Endpoint somewhere = Endpoint.outside("192.0.2.20");

        assertThat(traffic.allows(pod(rendered, "journey-service"), somewhere, 5432, "TCP")).isTrue();
        // Keycloak's port (443 by default), for the tokens of the gRPC calls.
        assertThat(traffic.allows(pod(rendered, "journey-service"), somewhere, 443, "TCP")).isTrue();
        assertThat(traffic.allows(pod(rendered, "journey-service"), somewhere, 8443, "TCP")).isFalse();
        assertThat(traffic.allows(pod(rendered, "gateway"), somewhere, 443, "TCP")).isTrue();
        assertThat(traffic.allows(pod(rendered, "gateway"), somewhere, 5432, "TCP")).isFalse();
    }

    @Test
    void thePortsOpenedFollowTheConfiguredUrls() {
        Rendered rendered = Chart.render(Profile.DEFAULT, Map.of(
                "global.keycloak.issuerUrl", "http://keycloak.iam.svc:8180/realms/cjm",
                "global.opentelemetry.endpoint", "http://collector.obs.svc:4318"));
        Traffic traffic = traffic(rendered);
        Endpoint somewhere = Endpoint.outside("192.0.2.20");

        assertThat(traffic.allows(pod(rendered, "gateway"), somewhere, 8180, "TCP")).isTrue();
        assertThat(traffic.allows(pod(rendered, "gateway"), somewhere, 443, "TCP")).isFalse();
        assertThat(traffic.allows(pod(rendered, "scoring-service"), somewhere, 4318, "TCP")).isTrue();
        assertThat(rendered.envValue("gateway", "CJM_OIDC_URL")).isEqualTo("http://keycloak.iam.svc:8180/realms/cjm");
    }

    private static Traffic traffic(Rendered rendered) {
        return new Traffic(rendered.all(NetworkPolicy.class), Chart.NAMESPACE);
    }
}
