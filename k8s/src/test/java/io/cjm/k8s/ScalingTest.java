package io.cjm.k8s;

import static io.cjm.k8s.RenderingTest.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replicas, autoscaling and disruption budgets. */
class ScalingTest {

    @Test
    void byDefaultTheDeploymentsSetTheirReplicasAndThereIsNoAutoscalerOrBudget() {
        Rendered rendered = Chart.render(Profile.DEFAULT);

        assertThat(rendered.deployment("gateway").getSpec().getReplicas()).isEqualTo(2);
        assertThat(rendered.deployment("scoring-service").getSpec().getReplicas()).isEqualTo(1);
        assertThat(rendered.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(rendered.all(PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    void theMinimalInstallRunsOnePodOfEachServiceAndNothingElse() {
        Rendered rendered = Chart.render(Profile.MINIMAL);

        assertThat(rendered.all(Deployment.class)).hasSize(Suite.SERVICES.size())
                .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).as(d.getMetadata().getName()).isEqualTo(1));
        assertThat(rendered.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(rendered.all(PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    void inProductionAnAutoscalerOwnsEachDeploymentsReplicaCount() {
        Rendered rendered = Chart.render(Profile.PRODUCTION);
        for (String service : Suite.SERVICES) {
            HorizontalPodAutoscaler hpa = rendered.get(HorizontalPodAutoscaler.class, service);
            assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(rendered.deployment(service).getMetadata().getName());
            assertThat(hpa.getSpec().getMinReplicas()).as("%s keeps at least two pods", service).isGreaterThanOrEqualTo(2);
            assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
            assertThat(rendered.deployment(service).getSpec().getReplicas())
                    .as("%s's Deployment leaves the replica count to the HPA, so upgrades do not reset it", service)
                    .isNull();
        }
    }

    @Test
    void inProductionDrainsTakeAtMostOnePodOfAServiceAtATime() {
        Rendered rendered = Chart.render(Profile.PRODUCTION);
        for (String service : Suite.SERVICES) {
            PodDisruptionBudget pdb = rendered.get(PodDisruptionBudget.class, service);
            assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
            assertThat(Traffic.selects(pdb.getSpec().getSelector(), pod(rendered, service).labels()))
                    .as("the budget of %s covers its pods", service).isTrue();
            for (String other : Suite.SERVICES) {
                if (!other.equals(service)) {
                    assertThat(Traffic.selects(pdb.getSpec().getSelector(), pod(rendered, other).labels()))
                            .as("the budget of %s leaves %s alone", service, other).isFalse();
                }
            }
        }
    }

    @Test
    void autoscalingAndBudgetsAreSwitchedPerService() {
        Rendered rendered = Chart.render(Profile.DEFAULT, Map.of(
                "services.touchpoint-service.autoscaling.enabled", "true",
                "services.gateway.pdb.enabled", "true"));

        assertThat(rendered.names(HorizontalPodAutoscaler.class)).containsExactly("touchpoint-service");
        assertThat(rendered.names(PodDisruptionBudget.class)).containsExactly("gateway");
    }
}
