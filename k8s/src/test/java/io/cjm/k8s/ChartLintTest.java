package io.cjm.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChartLintTest {

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0} values")
    @EnumSource(Profile.class)
    void lintStrictFindsNoErrorOrWarning(Profile profile) {
        LintResult result = Chart.lintStrict(profile, work);

        assertThat(result.isFailed()).as("helm lint --strict:%n%s", String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }
}
