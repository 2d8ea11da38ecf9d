package io.github.s3drreplicator.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The policies the project ships, in both forms, filled in for a deployment: config/'s JSON files as config/README.md
 * fills them in, and the CloudFormation template's documents as a stack with the given parameters creates them.
 */
public final class ShippedPolicies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CloudFormationTemplate TEMPLATE = CloudFormationTemplate.read();

    private ShippedPolicies() {
    }

    /** {@code config/NAME} as shipped, placeholders and all. */
    public static JsonNode shipped(String name) {
        return ConfigFiles.read(name);
    }

    /** {@code config/NAME} with its placeholders filled in. */
    public static JsonNode file(String name, Map<String, String> values) {
        return parse(ConfigFiles.fill(name, values));
    }

    /**
     * The policy document of a resource of the template ({@code AuditPolicy}, {@code TargetBucketPolicy}; for
     * {@code ReplicatorRole}, its one inline policy) as a stack with these parameters creates it, filled in.
     */
    public static JsonNode template(String logicalId, Map<String, String> parameters, Map<String, String> values) {
        CloudFormationTemplate.Stack stack = TEMPLATE.with(parameters);
        JsonNode document = logicalId.equals("ReplicatorRole")
                ? stack.property(logicalId, "Policies").path(0).path("PolicyDocument")
                : stack.property(logicalId, "PolicyDocument");
        if (!document.isObject()) {
            throw new IllegalArgumentException("the template's " + logicalId + " has no policy document");
        }
        return parse(ConfigFiles.fill("the template's " + logicalId, document.toString(), values));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
