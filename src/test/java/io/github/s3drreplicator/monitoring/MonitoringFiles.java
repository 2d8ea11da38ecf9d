package io.github.s3drreplicator.monitoring;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The monitoring that ships in k8s/monitoring/: the alert rules, their promtool tests, the Grafana dashboard. */
public final class MonitoringFiles {

    private static final Path BASE_DIR = Path.of(System.getProperty("basedir", "."));
    public static final Path ALERT_RULES = BASE_DIR.resolve("k8s/monitoring/s3-dr-replicator-alerts.yaml");
    public static final Path ALERT_TESTS = BASE_DIR.resolve("src/test/resources/prometheus/s3-dr-replicator-alerts.test.yaml");
    public static final Path DASHBOARD = BASE_DIR.resolve("k8s/monitoring/grafana-dashboard.json");

    private MonitoringFiles() {
    }

    /** Alert name to its expression, in the order of the rules file. */
    public static Map<String, String> alertExpressions() {
        Map<String, String> alerts = new LinkedHashMap<>();
        for (JsonNode group : yaml(ALERT_RULES).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                alerts.put(rule.path("alert").asText(), rule.path("expr").asText().strip());
            }
        }
        return alerts;
    }

    /** Every query of the dashboard, panel by panel. */
    public static List<String> dashboardExpressions() {
        List<String> expressions = new ArrayList<>();
        try {
            for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    expressions.add(target.path("expr").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return expressions;
    }

    public static JsonNode yaml(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a command is on the PATH (promtool, prometheus: Debian's prometheus package). */
    public static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, command))) {
                return true;
            }
        }
        return false;
    }
}
