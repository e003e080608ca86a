package io.cjm.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the services make of the PostgreSQL server they are given. */
class DatabaseSystemTest {

    private final Suite suite = Suite.get();

    /**
     * The suite starts from dropped databases (see {@link Suite}), so each service created its own:
     * in byte order, whatever the server's default collation is, because every indexed key is an
     * opaque id and byte order compares them with one {@code memcmp} instead of {@code strcoll}.
     */
    @Test
    void eachServiceCreatesItsDatabaseWithByteOrderCollation() throws Exception {
        for (String service : List.of("identity", "touchpoint", "journey", "scoring")) {
            assertThat(suite.queryString(service, "SELECT datcollate FROM pg_database WHERE datname = current_database()"))
                    .as(service).isEqualTo("C");
            assertThat(suite.queryString(service, "SELECT pg_encoding_to_char(encoding) FROM pg_database "
                    + "WHERE datname = current_database()")).as(service).isEqualTo("UTF8");
        }
    }
}
