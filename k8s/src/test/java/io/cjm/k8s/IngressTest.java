package io.cjm.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IngressTest {

    @ParameterizedTest(name = "{0} values")
    @EnumSource(value = Profile.class, names = {"DEFAULT", "MINIMAL"})
    void thereIsNoIngressUnlessItIsSwitchedOn(Profile profile) {
        assertThat(Chart.render(profile).all(Ingress.class)).isEmpty();
    }

    @Test
    void inProductionOnlyTheGatewaysRestApiIsExposedOverTls() {
        Rendered rendered = Chart.render(Profile.PRODUCTION);
        Ingress ingress = assertThat(rendered.all(Ingress.class)).singleElement().actual();

        assertThat(paths(ingress)).isNotEmpty().allSatisfy(path -> {
            assertThat(path.getBackend().getService().getName()).isEqualTo("gateway");
            assertThat(path.getBackend().getService().getPort().getName())
                    .isIn(rendered.service("gateway").getSpec().getPorts().stream().map(p -> p.getName()).toList());
            assertThat(path.getPath()).startsWith("/api").doesNotStartWith("/q");
        });
        assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost).containsExactly("cjm.example.com");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getHosts()).containsExactly("cjm.example.com");
            assertThat(tls.getSecretName()).isEqualTo("cjm-gateway-tls");
        });
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    }

    @Test
    void switchedOnWithTheDefaultsItRoutesTheApiToTheGatewayWithoutTls() {
        Rendered rendered = Chart.render(Profile.DEFAULT, Map.of("ingress.enabled", "true"));
        Ingress ingress = assertThat(rendered.all(Ingress.class)).singleElement().actual();

        assertThat(paths(ingress)).extracting(p -> p.getBackend().getService().getName()).containsOnly("gateway");
        assertThat(ingress.getSpec().getTls()).isNullOrEmpty();
    }

    @Test
    void exposingASecondServiceIsRefused() {
        assertThatThrownBy(() -> Chart.template(Profile.PRODUCTION, Map.of("services.scoring-service.exposed", "true")))
                .hasMessageContaining("exactly one enabled service with exposed: true");
    }

    private static List<HTTPIngressPath> paths(Ingress ingress) {
        return ingress.getSpec().getRules().stream().flatMap(r -> r.getHttp().getPaths().stream()).toList();
    }
}
