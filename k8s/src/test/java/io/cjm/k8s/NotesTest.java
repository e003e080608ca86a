package io.cjm.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the operator reads right after `helm install`. */
class NotesTest {

    @Test
    void withoutAnIngressTheNotesTellHowToForwardToTheGatewayAndGetAToken() {
        String notes = Chart.installNotes(Profile.DEFAULT);

        assertThat(notes)
                .contains("kubectl --namespace " + Chart.NAMESPACE + " port-forward service/gateway 8080:8080")
                .contains("http://localhost:8080/api/v1")
                .contains("https://keycloak.example.com/realms/cjm/protocol/openid-connect/token")
                .contains("grant_type=client_credentials")
                .contains("Authorization: Bearer $TOKEN")
                .contains("global.postgresql.existingSecret");
    }

    @Test
    void withAnIngressTheNotesGiveThePublicApiUrl() {
        String notes = Chart.installNotes(Profile.PRODUCTION);

        assertThat(notes)
                .contains("https://cjm.example.com/api/v1")
                .contains("https://auth.example.com/realms/cjm/protocol/openid-connect/token")
                .doesNotContain("port-forward")
                .doesNotContain("WARNING");
    }
}
