package io.github.s3drreplicator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The alert rules of k8s/monitoring/ checked and unit-tested by promtool (Debian package prometheus): each alert
 * fires on a synthetic series of its trouble and stays quiet on a healthy one. Skipped where promtool is missing;
 * .ci/run installs it, so CI always runs them.
 */
class PrometheusRulesTest {

    @Test
    void alertRulesAreValidForPromtool() throws Exception {
        assumeTrue(MonitoringFiles.onPath("promtool"), "promtool is not on the PATH (Debian package prometheus)");
        assertThat(promtool("check", "rules", MonitoringFiles.ALERT_RULES.toString())).contains("SUCCESS");
    }

    @Test
    void everyAlertFiresOnItsSyntheticSeriesAndStaysQuietOnAHealthyOne() throws Exception {
        assumeTrue(MonitoringFiles.onPath("promtool"), "promtool is not on the PATH (Debian package prometheus)");
        assertThat(promtool("test", "rules", MonitoringFiles.ALERT_TESTS.toString())).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAPromtoolCaseWhereItFiresAndOneWhereItStaysQuiet() {
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode test : MonitoringFiles.yaml(MonitoringFiles.ALERT_TESTS).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                (check.path("exp_alerts").isEmpty() ? quiet : firing).add(check.path("alertname").asText());
            }
        }
        Map<String, String> alerts = MonitoringFiles.alertExpressions();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(9);
        assertThat(firing).as("alerts shown firing").containsExactlyInAnyOrderElementsOf(alerts.keySet());
        assertThat(quiet).as("alerts shown quiet").containsExactlyInAnyOrderElementsOf(alerts.keySet());
    }

    @Test
    void everyAlertSaysHowBadItIsAndWhereItsRunbookIs() {
        for (JsonNode group : MonitoringFiles.yaml(MonitoringFiles.ALERT_RULES).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                assertThat(rule.at("/labels/severity").asText()).as("severity of %s", alert)
                        .isIn("warning", "critical");
                assertThat(rule.at("/annotations/summary").asText()).as("summary of %s", alert).isNotBlank();
                assertThat(rule.at("/annotations/description").asText()).as("description of %s", alert)
                        .isNotBlank();
                assertThat(rule.at("/annotations/runbook").asText()).as("runbook of %s", alert).startsWith("docs/");
            }
        }
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", args), output).isZero();
        return output;
    }
}
