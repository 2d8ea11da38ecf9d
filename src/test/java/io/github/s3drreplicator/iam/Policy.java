package io.github.s3drreplicator.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An IAM policy document (identity or resource policy) evaluated as IAM does, for the subset config/ uses: Effect
 * Allow and Deny, Action or NotAction and Resource or NotResource with the wildcards {@code *} and {@code ?}
 * (actions without regard to case), Principal ({@code *}, or {@code AWS} ARNs), and conditions with the operators
 * Bool, String(Not)Equals, String(Not)Like and Arn(Not)Equals / Arn(Not)Like, evaluated against the request's
 * context ({@link Request#context}). A key the context lacks fails every operator but the negated ones, as in IAM.
 * An explicit Deny wins over any Allow; nothing allowed is an implicit deny.
 *
 * @param name where it comes from, for messages ({@code config/audit-policy.json})
 */
public record Policy(String name, List<Statement> statements) {

    /** What a policy says of a request. */
    public enum Decision { ALLOW, DENY, NOT_ALLOWED }

    /**
     * A request as a policy sees it.
     *
     * @param principal the caller's ARN ({@code arn:aws:iam::123456789012:role/s3-dr-replicator})
     * @param context   condition keys and their values ({@code aws:SecureTransport} = {@code true})
     */
    public record Request(String principal, Permission permission, Map<String, String> context) {
    }

    /** One statement, as written, and where it stands in its policy. */
    public record Statement(int index, JsonNode json) {

        public String sid() {
            return json.path("Sid").asText("#" + index);
        }

        public boolean allows() {
            return json.path("Effect").asText().equals("Allow");
        }

        /** Its actions (or the NotAction list, for such a statement). */
        public List<String> actions() {
            return strings(json.has("NotAction") ? json.get("NotAction") : json.path("Action"));
        }

        public List<String> resources() {
            return strings(json.has("NotResource") ? json.get("NotResource") : json.path("Resource"));
        }

        boolean matches(Request request) {
            return principal(request.principal()) && action(request.permission().action())
                    && resource(request.permission().resource()) && conditions(request.context());
        }

        boolean action(String action) {
            boolean listed = actions().stream().anyMatch(pattern -> wildcard(pattern, action, true));
            return json.has("NotAction") != listed;
        }

        boolean resource(String resource) {
            boolean listed = resources().stream().anyMatch(pattern -> wildcard(pattern, resource, false));
            return json.has("NotResource") != listed;
        }

        private boolean principal(String principal) {
            if (!json.has("Principal")) {
                return true;
            }
            JsonNode given = json.get("Principal");
            if (given.isTextual()) {
                return given.asText().equals("*");
            }
            return strings(given.path("AWS")).stream().anyMatch(arn -> arn.equals("*") || arn.equals(principal));
        }

        private boolean conditions(Map<String, String> context) {
            JsonNode conditions = json.path("Condition");
            for (var operator : (Iterable<Map.Entry<String, JsonNode>>) conditions::fields) {
                for (var key : (Iterable<Map.Entry<String, JsonNode>>) operator.getValue()::fields) {
                    if (!condition(operator.getKey(), context.get(key.getKey()), strings(key.getValue()))) {
                        return false;
                    }
                }
            }
            return true;
        }

        private static boolean condition(String operator, String value, List<String> expected) {
            boolean negated = operator.contains("Not");
            String positive = operator.replace("Not", "");
            if (!List.of("Bool", "StringEquals", "ArnEquals", "StringEqualsIgnoreCase", "StringLike", "ArnLike")
                    .contains(positive)) {
                throw new IllegalArgumentException("a condition operator this evaluator does not know: " + operator);
            }
            if (value == null) {
                return negated;
            }
            boolean any = switch (positive) {
                case "Bool", "StringEqualsIgnoreCase" -> expected.stream().anyMatch(e -> e.equalsIgnoreCase(value));
                case "StringEquals", "ArnEquals" -> expected.contains(value);
                default -> expected.stream().anyMatch(e -> wildcard(e, value, false));
            };
            return negated != any;
        }
    }

    public static Policy of(String name, JsonNode document) {
        List<Statement> statements = new ArrayList<>();
        JsonNode given = document.path("Statement");
        if (given.isObject()) {
            statements.add(new Statement(0, given));
        } else {
            for (int i = 0; i < given.size(); i++) {
                statements.add(new Statement(i, given.get(i)));
            }
        }
        return new Policy(name, List.copyOf(statements));
    }

    public Decision decide(Request request) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if (statement.matches(request)) {
                if (!statement.allows()) {
                    return Decision.DENY;
                }
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOW : Decision.NOT_ALLOWED;
    }

    /** The Allow statements that let this request through. */
    public List<Statement> allowing(Request request) {
        return statements.stream().filter(Statement::allows).filter(statement -> statement.matches(request)).toList();
    }

    /** The Deny statement that refuses this request, if any. */
    public Optional<Statement> denying(Request request) {
        return statements.stream().filter(statement -> !statement.allows()).filter(s -> s.matches(request))
                .findFirst();
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} any one. */
    static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL
                : Pattern.DOTALL).matcher(value).matches();
    }

    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        } else {
            node.forEach(value -> values.add(value.asText()));
        }
        return values;
    }
}
