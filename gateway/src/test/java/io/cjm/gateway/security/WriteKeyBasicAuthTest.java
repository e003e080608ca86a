package io.cjm.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The write key as Segment clients send it: the user name of HTTP Basic. */
class WriteKeyBasicAuthTest {

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theUserNameIsTheKeyAndThePasswordIsIgnored() {
        assertThat(WriteKeyAuthenticator.basicUser(basic("wk_abc:"))).isEqualTo("wk_abc");
        assertThat(WriteKeyAuthenticator.basicUser(basic("wk_abc:anything"))).isEqualTo("wk_abc");
        assertThat(WriteKeyAuthenticator.basicUser(basic("wk_abc"))).isEqualTo("wk_abc");
        assertThat(WriteKeyAuthenticator.basicUser("basic " + basic("wk_abc:").substring(6))).isEqualTo("wk_abc");
    }

    @Test
    void noKeyInOtherSchemesEmptyNamesOrBrokenBase64() {
        assertThat(WriteKeyAuthenticator.basicUser(null)).isNull();
        assertThat(WriteKeyAuthenticator.basicUser("Bearer eyJhbGciOi")).isNull();
        assertThat(WriteKeyAuthenticator.basicUser(basic(":password"))).isNull();
        assertThat(WriteKeyAuthenticator.basicUser("Basic %%%")).isNull();
        assertThat(WriteKeyAuthenticator.basicUser("Basic")).isNull();
    }

    @Test
    void theCacheIsKeyedByTheSecretsHashNotTheSecret() {
        assertThat(WriteKeyAuthenticator.sha256("wk_abc")).hasSize(64).doesNotContain("wk_abc")
                .isNotEqualTo(WriteKeyAuthenticator.sha256("wk_abd"));
    }
}
