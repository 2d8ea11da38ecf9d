package io.github.s3drreplicator.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks recorded calls against the policies meant for them, and remembers which of the policies' Allows any call
 * used, so that what a policy grants and no call ever needed can be listed (over-grants made visible).
 */
public final class AccessReport {

    private static final int EXAMPLES = 3;

    private final Set<Access.Grant> used = ConcurrentHashMap.newKeySet();

    /**
     * Every call against every access; nothing when all were allowed by all. Otherwise one line per missing action,
     * policy and bucket or queue: what needs it, on which resources (a few, and how many), and why it is refused;
     * and one line per call the table of required actions does not know.
     */
    public List<String> check(List<SdkActionRecorder.Call> calls, List<Access> accesses) {
        Map<String, Set<String>> refused = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (SdkActionRecorder.Call call : calls) {
            if (call.needs().isEmpty()) {
                unknown.add(call.operation() + ": an operation RequiredActions does not know; add it to its table"
                        + " (AWS's Service Authorization Reference names its actions) and to RequiredActionsTest");
                continue;
            }
            for (Permission permission : call.needs().get()) {
                for (Access access : accesses) {
                    Optional<String> refusal = access.refusal(permission);
                    if (refusal.isPresent()) {
                        String group = permission.action() + " on " + container(permission.resource()) + " ("
                                + call.operation() + "), " + refusal.get() + " [" + access.name() + "]";
                        refused.computeIfAbsent(group, g -> new TreeSet<>()).add(permission.resource());
                    } else {
                        used.addAll(access.grantsUsed(permission));
                    }
                }
            }
        }
        List<String> lines = new ArrayList<>(unknown);
        refused.forEach((group, resources) -> {
            List<String> examples = resources.stream().limit(EXAMPLES).toList();
            lines.add(group + ": " + String.join(", ", examples)
                    + (resources.size() > EXAMPLES ? " and " + (resources.size() - EXAMPLES) + " more" : ""));
        });
        return lines;
    }

    /**
     * What the policy grants that no checked call used, one line per action and resource as the policy writes them.
     *
     * @param name    the policy's name, as its {@link Policy#name()}
     * @param shipped the policy as shipped (with its placeholders), in the same shape as the one checked
     */
    public List<String> unused(String name, JsonNode shipped) {
        List<String> lines = new ArrayList<>();
        Policy policy = Policy.of(name, shipped);
        for (Policy.Statement statement : policy.statements()) {
            if (!statement.allows()) {
                continue;
            }
            List<String> actions = statement.actions();
            List<String> resources = statement.resources();
            for (int a = 0; a < actions.size(); a++) {
                for (int r = 0; r < resources.size(); r++) {
                    if (!used.contains(new Access.Grant(name, statement.index(), a, r))) {
                        lines.add(actions.get(a) + " on " + resources.get(r) + " (" + statement.sid() + ")");
                    }
                }
            }
        }
        return lines;
    }

    /** The bucket (for an object, {@code arn:aws:s3:::bucket/…}) or queue a resource is in. */
    private static String container(String resource) {
        int slash = resource.indexOf('/');
        return slash < 0 ? resource : resource.substring(0, slash) + "/…";
    }
}
