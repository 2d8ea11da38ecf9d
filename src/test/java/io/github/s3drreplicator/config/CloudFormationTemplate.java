package io.github.s3drreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * config/cloudformation/s3-dr-replicator.yaml read as CloudFormation would, as far as comparing it with config/ needs:
 * conditions are decided by parameter values, while documents are rendered with config/'s placeholders, so that a
 * rendered policy can be compared with its JSON file as shipped. A parameter stands for the placeholder of its name
 * in upper snake case ({@code SourceBucket} is {@code ${SOURCE_BUCKET}}), the account for {@code ${ACCOUNT_ID}}.
 * Knows the intrinsic functions the template uses: Ref, Fn::Sub, Fn::If, Fn::GetAtt, and in conditions Fn::Equals,
 * Fn::And, Fn::Or, Fn::Not and Condition.
 */
final class CloudFormationTemplate {

    static final Path FILE = ConfigFiles.CONFIG.resolve("cloudformation/s3-dr-replicator.yaml");

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private final JsonNode root;

    private CloudFormationTemplate(JsonNode root) {
        this.root = root;
    }

    static CloudFormationTemplate read() {
        try {
            return new CloudFormationTemplate(new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode root() {
        return root;
    }

    JsonNode resource(String logicalId) {
        JsonNode resource = root.path("Resources").path(logicalId);
        assertThat(resource.isObject()).as("resource %s in the template", logicalId).isTrue();
        return resource;
    }

    Set<String> parameterNames() {
        Set<String> names = new LinkedHashSet<>();
        root.path("Parameters").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The placeholder of config/ a parameter (or the account) stands for: SourceBucket is SOURCE_BUCKET. */
    static String placeholderOf(String parameter) {
        if (parameter.equals("AWS::AccountId")) {
            return "ACCOUNT_ID";
        }
        return parameter.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
    }

    /** The template as deployed with these parameter values (the others at their defaults). */
    Stack with(Map<String, String> values) {
        Map<String, String> all = new HashMap<>();
        root.path("Parameters").fields().forEachRemaining(parameter -> {
            if (parameter.getValue().has("Default")) {
                all.put(parameter.getKey(), parameter.getValue().get("Default").asText());
            }
        });
        all.putAll(values);
        assertThat(parameterNames()).as("parameters given").containsAll(values.keySet());
        return new Stack(all);
    }

    final class Stack {

        private final Map<String, String> values;

        private Stack(Map<String, String> values) {
            this.values = values;
        }

        boolean condition(String name) {
            JsonNode condition = root.path("Conditions").path(name);
            assertThat(condition.isObject()).as("condition %s in the template", name).isTrue();
            return evaluate(condition);
        }

        /** The logical ids of the resources this stack creates. */
        Set<String> resources() {
            Set<String> created = new LinkedHashSet<>();
            root.path("Resources").fields().forEachRemaining(resource -> {
                JsonNode condition = resource.getValue().path("Condition");
                if (condition.isMissingNode() || condition(condition.asText())) {
                    created.add(resource.getKey());
                }
            });
            return created;
        }

        /** A resource's property, rendered. */
        JsonNode property(String logicalId, String property) {
            assertThat(resources()).as("resources of this stack").contains(logicalId);
            return render(resource(logicalId).path("Properties").path(property));
        }

        JsonNode render(JsonNode node) {
            if (node.isObject() && node.size() == 1) {
                String function = node.fieldNames().next();
                JsonNode argument = node.get(function);
                switch (function) {
                    case "Ref":
                        return ref(argument.asText());
                    case "Fn::Sub":
                        return TextNode.valueOf(sub(argument));
                    case "Fn::If":
                        return render(evaluate(root.path("Conditions").path(argument.get(0).asText()))
                                ? argument.get(1) : argument.get(2));
                    case "Fn::GetAtt":
                        return TextNode.valueOf("GetAtt(" + argument.get(0).asText() + "." + argument.get(1).asText()
                                + ")");
                    default:
                        assertThat(function).as("an intrinsic function this renderer knows").doesNotStartWith("Fn::");
                }
            }
            if (node.isObject()) {
                ObjectNode rendered = JsonNodeFactory.instance.objectNode();
                node.fields().forEachRemaining(field -> {
                    JsonNode value = render(field.getValue());
                    if (!value.isMissingNode()) {
                        rendered.set(field.getKey(), value);
                    }
                });
                return rendered;
            }
            if (node.isArray()) {
                ArrayNode rendered = JsonNodeFactory.instance.arrayNode();
                for (JsonNode element : node) {
                    JsonNode value = render(element);
                    if (!value.isMissingNode()) {
                        rendered.add(value);
                    }
                }
                return rendered;
            }
            return node;
        }

        private JsonNode ref(String name) {
            if (name.equals("AWS::NoValue")) {
                return MissingNode.getInstance();
            }
            if (name.equals("AWS::AccountId") || root.path("Parameters").has(name)) {
                return TextNode.valueOf("${" + placeholderOf(name) + "}");
            }
            assertThat(root.path("Resources").has(name)).as("Ref %s names a parameter or a resource", name).isTrue();
            return TextNode.valueOf("Ref(" + name + ")");
        }

        private String sub(JsonNode argument) {
            assertThat(argument.isTextual()).as("Fn::Sub of a string, without a variable map").isTrue();
            Matcher matcher = SUB_VARIABLE.matcher(argument.asText());
            StringBuilder rendered = new StringBuilder();
            while (matcher.find()) {
                String variable = matcher.group(1);
                String replacement;
                if (variable.startsWith("!")) {
                    replacement = "${" + variable.substring(1) + "}";
                } else {
                    assertThat(variable.equals("AWS::AccountId") || root.path("Parameters").has(variable))
                            .as("Fn::Sub variable ${%s} is a parameter or the account", variable).isTrue();
                    replacement = "${" + placeholderOf(variable) + "}";
                }
                matcher.appendReplacement(rendered, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(rendered);
            return rendered.toString();
        }

        private boolean evaluate(JsonNode condition) {
            String function = condition.fieldNames().next();
            JsonNode argument = condition.get(function);
            switch (function) {
                case "Condition":
                    return evaluate(root.path("Conditions").path(argument.asText()));
                case "Fn::Equals":
                    return value(argument.get(0)).equals(value(argument.get(1)));
                case "Fn::Not":
                    return !evaluate(argument.get(0));
                case "Fn::And": {
                    boolean all = true;
                    for (Iterator<JsonNode> it = argument.elements(); it.hasNext(); ) {
                        all &= evaluate(it.next());
                    }
                    return all;
                }
                case "Fn::Or": {
                    boolean any = false;
                    for (Iterator<JsonNode> it = argument.elements(); it.hasNext(); ) {
                        any |= evaluate(it.next());
                    }
                    return any;
                }
                default:
                    throw new AssertionError("a condition function this renderer does not know: " + function);
            }
        }

        private String value(JsonNode operand) {
            if (operand.isObject() && operand.has("Ref")) {
                String value = values.get(operand.get("Ref").asText());
                assertThat(value).as("value of parameter %s", operand.get("Ref").asText()).isNotNull();
                return value;
            }
            return operand.asText();
        }
    }
}
