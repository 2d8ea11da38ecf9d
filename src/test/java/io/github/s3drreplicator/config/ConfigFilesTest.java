package io.github.s3drreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** config/'s JSON files are JSON as shipped, and still what the AWS CLI takes once config/README.md filled them in. */
class ConfigFilesTest {

    @Test
    void everyJsonFileInConfigIsValidJsonAsShipped() {
        assertThat(ConfigFiles.jsonFiles()).hasSizeGreaterThan(15);
        for (Path file : ConfigFiles.jsonFiles()) {
            assertThatCode(() -> new ObjectMapper().readTree(file.toFile())).as("%s", file)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void filledInEveryFileStaysJsonAndDayCountsBecomeNumbers() throws Exception {
        for (Path path : ConfigFiles.jsonFiles()) {
            String file = ConfigFiles.CONFIG.relativize(path).toString();
            Map<String, String> values = new HashMap<>();
            ConfigFiles.placeholders(file).forEach(name -> values.put(name, name.endsWith("_DAYS") ? "30" : "x"));
            JsonNode filled = new ObjectMapper().readTree(ConfigFiles.fill(file, values));
            assertThat(filled.toString()).as(file).doesNotContain("${");
            filled.findValues("Days").forEach(days -> assertThat(days.isInt()).as("Days in %s", file).isTrue());
            filled.findValues("NoncurrentDays")
                    .forEach(days -> assertThat(days.isInt()).as("NoncurrentDays in %s", file).isTrue());
        }
        assertThat(new ObjectMapper().readTree(ConfigFiles.fill("dr-bucket-lifecycle-delayed-deletes.json",
                Map.of("DELETE_DELAY_DAYS", "7"))).at("/Rules/1")).hasToString(
                "{\"ID\":\"expire-copies-deleted-in-production-after-7-days\",\"Status\":\"Enabled\","
                        + "\"Filter\":{\"Tag\":{\"Key\":\"replicator-delete-after-days\",\"Value\":\"7\"}},"
                        + "\"Expiration\":{\"Days\":7}}");
    }
}
