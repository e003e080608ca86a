package io.cjm.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every pod of every service, whatever values file the operator picked. */
class PodHardeningTest {

    @ParameterizedTest(name = "{0} values")
    @EnumSource(Profile.class)
    void everyContainerIsProbedOnItsHealthEndpointsThroughItsOnePort(Profile profile) {
        Rendered rendered = Chart.render(profile);
        for (String service : Suite.SERVICES) {
            Container container = rendered.container(service);
            assertThat(container.getPorts()).as("ports of %s", service).singleElement().satisfies(port -> {
                assertThat(port.getName()).isEqualTo("http");
                assertThat(port.getContainerPort()).isEqualTo(Suite.PORTS.get(service));
            });
            assertProbe(service, "liveness", container.getLivenessProbe(), "/q/health/live");
            assertProbe(service, "readiness", container.getReadinessProbe(), "/q/health/ready");
            assertProbe(service, "startup", container.getStartupProbe(), "/q/health/started");
        }
    }

    @ParameterizedTest(name = "{0} values")
    @EnumSource(Profile.class)
    void everyContainerHasCpuAndMemoryRequestsAndLimits(Profile profile) {
        Rendered rendered = Chart.render(profile);
        for (String service : Suite.SERVICES) {
            var resources = rendered.container(service).getResources();
            assertThat(resources.getLimits()).as("limits of %s", service).containsKeys("cpu", "memory");
            assertThat(resources.getRequests()).as("requests of %s", service).containsKeys("cpu", "memory");
            assertThat(resources.getRequests().get("memory").getNumericalAmount())
                    .as("%s requests no more memory than its limit", service)
                    .isLessThanOrEqualTo(resources.getLimits().get("memory").getNumericalAmount());
        }
    }

    @ParameterizedTest(name = "{0} values")
    @EnumSource(Profile.class)
    void everyPodRunsAsNonRootOnAReadOnlyFilesystemWithoutCapabilities(Profile profile) {
        Rendered rendered = Chart.render(profile);
        for (String service : Suite.SERVICES) {
            PodSpec pod = rendered.deployment(service).getSpec().getTemplate().getSpec();
            PodSecurityContext podContext = pod.getSecurityContext();
            assertThat(podContext.getRunAsNonRoot()).as("%s pod runAsNonRoot", service).isTrue();
            assertThat(podContext.getSeccompProfile().getType()).as("%s pod seccomp", service).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).as("%s mounts no API token", service).isFalse();
            assertThat(pod.getHostNetwork()).as("%s hostNetwork", service).isNotEqualTo(Boolean.TRUE);

            SecurityContext context = rendered.container(service).getSecurityContext();
            assertThat(context.getRunAsNonRoot()).as("%s runAsNonRoot", service).isTrue();
            assertThat(context.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", service).isTrue();
            assertThat(context.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", service).isFalse();
            assertThat(context.getPrivileged()).as("%s privileged", service).isNotEqualTo(Boolean.TRUE);
            assertThat(context.getCapabilities().getDrop()).as("%s drops", service).containsExactly("ALL");
            assertThat(context.getCapabilities().getAdd()).as("%s adds", service).isNullOrEmpty();
            assertThat(context.getSeccompProfile().getType()).as("%s seccomp", service).isEqualTo("RuntimeDefault");
        }
    }

    @ParameterizedTest(name = "{0} values")
    @EnumSource(Profile.class)
    void theOnlyWritablePlaceIsAnEmptyDirAtTmp(Profile profile) {
        Rendered rendered = Chart.render(profile);
        for (String service : Suite.SERVICES) {
            PodSpec pod = rendered.deployment(service).getSpec().getTemplate().getSpec();
            assertThat(pod.getVolumes()).as("volumes of %s", service).singleElement().satisfies(v -> {
                assertThat(v.getName()).isEqualTo("tmp");
                assertThat(v.getEmptyDir()).as("an emptyDir").isNotNull();
                assertThat(v.getEmptyDir().getSizeLimit()).as("with a size limit").isNotNull();
            });
            assertThat(rendered.container(service).getVolumeMounts()).as("mounts of %s", service).singleElement()
                    .satisfies(m -> {
                        assertThat(m.getName()).isEqualTo(pod.getVolumes().stream().map(Volume::getName).findFirst().orElseThrow());
                        assertThat(m.getMountPath()).isEqualTo("/tmp");
                    });
        }
    }

    @ParameterizedTest(name = "{0} values")
    @EnumSource(Profile.class)
    void podsFinishInFlightRequestsBeforeKubernetesKillsThem(Profile profile) {
        Rendered rendered = Chart.render(profile);
        for (String service : Suite.SERVICES) {
            PodSpec pod = rendered.deployment(service).getSpec().getTemplate().getSpec();
            Duration shutdown = Duration.parse("PT" + rendered.envValue(service, "QUARKUS_SHUTDOWN_TIMEOUT").toUpperCase());
            var lifecycle = rendered.container(service).getLifecycle();
            long preStop = lifecycle == null ? 0 : lifecycle.getPreStop().getSleep().getSeconds();

            assertThat(shutdown).as("%s shutdown timeout", service).isPositive();
            assertThat(pod.getTerminationGracePeriodSeconds())
                    .as("%s: grace period above preStop sleep (%ds) + Quarkus shutdown timeout (%s)", service, preStop, shutdown)
                    .isGreaterThan(preStop + shutdown.toSeconds());
        }
    }

    private static void assertProbe(String service, String kind, Probe probe, String path) {
        assertThat(probe).as("%s %s probe", service, kind).isNotNull();
        assertThat(probe.getHttpGet()).as("%s %s probe is an HTTP GET", service, kind).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as("%s %s probe path", service, kind).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as("%s %s probe port", service, kind).isEqualTo("http");
    }
}
