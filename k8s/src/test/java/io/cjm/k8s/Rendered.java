package io.cjm.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The manifests {@code helm template} printed, parsed into Kubernetes model objects. */
record Rendered(List<HasMetadata> objects) {

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    static Rendered parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (document.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                continue;
            }
            KubernetesResource parsed = Serialization.unmarshal(document);
            assertThat(parsed).as("a manifest that is no Kubernetes object:%n%s", document).isInstanceOf(HasMetadata.class);
            objects.add((HasMetadata) parsed);
        }
        return new Rendered(List.copyOf(objects));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " named " + name + " among " + names(type)));
    }

    List<String> names(Class<? extends HasMetadata> type) {
        return all(type).stream().map(o -> o.getMetadata().getName()).toList();
    }

    Deployment deployment(String name) {
        return get(Deployment.class, name);
    }

    Service service(String name) {
        return get(Service.class, name);
    }

    /** The one container of a service's Deployment. */
    Container container(String deploymentName) {
        List<Container> containers = deployment(deploymentName).getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as("containers of %s", deploymentName).hasSize(1);
        return containers.getFirst();
    }

    /** The environment of a service's container, by variable name. */
    Map<String, EnvVar> env(String deploymentName) {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        for (EnvVar var : container(deploymentName).getEnv()) {
            assertThat(env.put(var.getName(), var)).as("%s sets %s twice", deploymentName, var.getName()).isNull();
        }
        return env;
    }

    /** The plain value of an environment variable of a service's container. */
    String envValue(String deploymentName, String variable) {
        EnvVar var = env(deploymentName).get(variable);
        assertThat(var).as("%s sets %s", deploymentName, variable).isNotNull();
        return var.getValue();
    }
}
