package io.cjm.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServiceMonitorTest {

    @ParameterizedTest(name = "{0} values")
    @EnumSource(value = Profile.class, names = {"DEFAULT", "MINIMAL"})
    void thereIsNoServiceMonitorUnlessItIsSwitchedOn(Profile profile) {
        assertThat(Chart.render(profile).objects()).noneMatch(o -> o.getKind().equals("ServiceMonitor"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void inProductionPrometheusScrapesQuarkusMetricsOfEveryService() {
        Rendered rendered = Chart.render(Profile.PRODUCTION);
        GenericKubernetesResource monitor = assertThat(rendered.all(GenericKubernetesResource.class))
                .singleElement().actual();

        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get("endpoints");

        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("path", "/q/metrics").containsEntry("port", "http");
        });
        assertThat(((Map<String, List<String>>) spec.get("namespaceSelector")).get("matchNames")).containsExactly(Chart.NAMESPACE);
        for (Service service : rendered.all(Service.class)) {
            assertThat(Traffic.selects(new LabelSelectorBuilder().withMatchLabels(selector).build(), service.getMetadata().getLabels()))
                    .as("the ServiceMonitor selects Service %s", service.getMetadata().getName()).isTrue();
            assertThat(service.getSpec().getPorts()).extracting(p -> p.getName()).contains("http");
        }
    }
}
