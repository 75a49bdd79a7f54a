package dev.selfheal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.prometheus.PrometheusTools;
import dev.selfheal.testbed.process.ToolRun;
import dev.selfheal.testbed.process.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;

/** The alert rules checked and unit-tested by Debian's promtool. */
class AlertRulesIT {

    static final Path RULES = Chart.DIR.resolve("files/selfheal-alerts.yaml");
    private static final Path TESTS = Path.of("src/test/resources/selfheal-alerts.test.yaml");

    @Test
    void promtoolChecksTheRules() {
        ToolRun check = PrometheusTools.checkRules(Chart.DIR, RULES).requireOk();
        assertThat(check.output()).contains("SUCCESS: 5 rules found");
    }

    @Test
    void promtoolUnitTestsPass() throws Exception {
        Path dir = workDir();
        ToolRun test = PrometheusTools.testRules(dir, dir.resolve("selfheal-alerts.test.yaml")).requireOk();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void theUnitTestsCatchAWrongRule() throws Exception {
        Path dir = workDir();
        Path rules = dir.resolve("selfheal-alerts.yaml");
        Files.writeString(rules, Files.readString(rules).replace("max(selfheal_storm_frozen) == 1", "max(selfheal_storm_frozen) == 2"));
        ToolRun test = PrometheusTools.testRules(dir, dir.resolve("selfheal-alerts.test.yaml"));
        assertThat(test.ok()).isFalse();
        assertThat(test.output()).contains("alertname: SelfhealStormFreeze");
    }

    private static Path workDir() throws Exception {
        Path dir = Workspace.newDir("promtool");
        Files.copy(RULES, dir.resolve("selfheal-alerts.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(TESTS, dir.resolve("selfheal-alerts.test.yaml"), StandardCopyOption.REPLACE_EXISTING);
        return dir;
    }
}
