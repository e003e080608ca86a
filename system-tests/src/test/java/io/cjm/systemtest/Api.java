package io.cjm.systemtest;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The REST API of the running suite, called as a tenant's client with a token from Keycloak. */
final class Api {

    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();
    /** Tokens of the realm live 5 minutes; a cached one is renewed well before that. */
    private static final Duration TOKEN_REUSE = Duration.ofMinutes(3);

    private record Token(String value, Instant fetched) {
    }
    static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(60);

    private final Suite suite = Suite.get();

    /**
     * A bearer token of the client (client-credentials grant), cached for 3 minutes (tokens live
     * 5), so tests running after each other for longer than a token lives keep a valid one.
     */
    String token(String clientId) {
        return TOKENS.compute(clientId, (id, cached) -> cached != null
                && cached.fetched().plus(TOKEN_REUSE).isAfter(Instant.now()) ? cached
                        : new Token(given()
                                .formParam("grant_type", "client_credentials")
                                .formParam("client_id", id)
                                .formParam("client_secret", Suite.SECRETS.get(id))
                                .post(suite.issuer() + "/protocol/openid-connect/token")
                                .then().statusCode(200).extract().path("access_token"), Instant.now())).value();
    }

    RequestSpecification as(String clientId) {
        return given().baseUri(suite.gatewayUrl()).auth().oauth2(token(clientId)).contentType(ContentType.JSON);
    }

    RequestSpecification anonymous() {
        return given().baseUri(suite.gatewayUrl()).contentType(ContentType.JSON);
    }

    /** Polls until the value satisfies the condition; fails with the last value otherwise. */
    static <T> T eventually(Supplier<T> probe, Predicate<T> done, String what) {
        Instant deadline = Instant.now().plus(PIPELINE_TIMEOUT);
        T last = probe.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Not reached within " + PIPELINE_TIMEOUT + ": " + what + "; last: " + last);
            }
            Suite.sleep(200);
            last = probe.get();
        }
        return last;
    }

    /** Waits until nothing of the tenant is pending in the pipeline. */
    JsonPath awaitPipelineDrained(String clientId) {
        return eventually(() -> as(clientId).get("/api/v1/pipeline").then().statusCode(200).extract().jsonPath(),
                p -> p.getLong("pending") == 0, "pipeline of " + clientId + " drained");
    }
}
