package io.cjm.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** values.schema.json turns an operator's mistake into a message at install time, not a broken pod. */
class ValuesSchemaTest {

    @TempDir
    Path work;

    @Test
    void replicasWrittenAsAWordAreRejected() {
        Path values = Chart.valuesFile(work, "bad.yaml", """
                services:
                  gateway:
                    replicas: two
                """);

        assertThatThrownBy(() -> Chart.template(Profile.DEFAULT, Map.of(), values))
                .hasMessageContaining("schema")
                .hasMessageContaining("replicas");
    }

    @Test
    void lintStrictFailsOnTheSameFile() {
        Path values = Chart.valuesFile(work, "bad.yaml", """
                services:
                  gateway:
                    replicas: two
                """);

        LintResult result = Chart.lintStrict(Optional.of(values), work);

        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("replicas");
    }

    @Test
    void aMisspelledKeyIsRejectedInsteadOfIgnored() {
        Path values = Chart.valuesFile(work, "typo.yaml", """
                services:
                  journey-service:
                    replica: 3
                """);

        assertThatThrownBy(() -> Chart.template(Profile.DEFAULT, Map.of(), values))
                .hasMessageContaining("replica");
    }

    @Test
    void theHardeningCannotBeSwitchedOff() {
        Path values = Chart.valuesFile(work, "soft.yaml", """
                global:
                  containerSecurityContext:
                    readOnlyRootFilesystem: false
                """);

        assertThatThrownBy(() -> Chart.template(Profile.DEFAULT, Map.of(), values))
                .hasMessageContaining("readOnlyRootFilesystem");
    }

    @Test
    void aPortOutsideTheTcpRangeIsRejected() {
        assertThatThrownBy(() -> Chart.template(Profile.DEFAULT, Map.of("services.scoring-service.port", "80840")))
                .hasMessageContaining("port");
    }

    @Test
    void aServiceBlockMissingSettingsIsRejectedWithTheirNames() {
        Path values = Chart.valuesFile(work, "partial.yaml", """
                services:
                  audit-service:
                    enabled: true
                    replicas: 1
                """);

        assertThatThrownBy(() -> Chart.template(Profile.DEFAULT, Map.of(), values))
                .hasMessageContaining("audit-service")
                .hasMessageContaining("port");
    }

    @Test
    void tlsNeedsACertificateSecret() {
        assertThatThrownBy(() -> Chart.template(Profile.DEFAULT, Map.of("ingress.enabled", "true", "ingress.tls.enabled", "true")))
                .hasMessageContaining("secretName");
    }
}
