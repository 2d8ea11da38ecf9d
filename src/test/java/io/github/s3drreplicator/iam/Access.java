package io.github.s3drreplicator.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one principal may do in one account: its identity policies (one of them must allow a request) and the bucket
 * policies of the buckets it touches (whose explicit Deny refuses it whatever the identity policies say). A bucket
 * policy's Allow is not counted: the principal's own policies must be enough, so that the shipped role or command
 * policy is proven on its own. Requests are made over TLS ({@code aws:SecureTransport} is true) by this principal
 * ({@code aws:PrincipalArn}).
 *
 * @param name             what this access is, for messages ({@code config/ files} or {@code the template})
 * @param principal        the caller's ARN
 * @param identityPolicies the policies attached to the caller
 * @param bucketPolicies   bucket name to that bucket's policy
 */
public record Access(String name, String principal, List<Policy> identityPolicies,
                     Map<String, Policy> bucketPolicies) {

    /** One Allow of a policy, by its place: statement, action and resource, as written. */
    public record Grant(String policy, int statement, int action, int resource) {
    }

    /** Why a request is refused: {@code not allowed by X} or {@code denied by Y (statement Sid)}. */
    public Optional<String> refusal(Permission permission) {
        Policy.Request request = request(permission);
        Optional<Policy> bucketPolicy = bucketPolicy(permission.resource());
        for (Policy policy : concat(identityPolicies, bucketPolicy)) {
            Optional<Policy.Statement> deny = policy.denying(request);
            if (deny.isPresent()) {
                return Optional.of("denied by " + policy.name() + " (" + deny.get().sid() + ")");
            }
        }
        if (identityPolicies.stream().noneMatch(policy -> policy.decide(request) == Policy.Decision.ALLOW)) {
            return Optional.of("not allowed by " + String.join(" + ", identityPolicies.stream().map(Policy::name)
                    .toList()));
        }
        return Optional.empty();
    }

    /** The Allows of the identity policies that let this request through. */
    public List<Grant> grantsUsed(Permission permission) {
        Policy.Request request = request(permission);
        List<Grant> used = new ArrayList<>();
        for (Policy policy : identityPolicies) {
            for (Policy.Statement statement : policy.allowing(request)) {
                List<String> actions = statement.actions();
                List<String> resources = statement.resources();
                for (int a = 0; a < actions.size(); a++) {
                    if (!Policy.wildcard(actions.get(a), permission.action(), true)) {
                        continue;
                    }
                    for (int r = 0; r < resources.size(); r++) {
                        if (Policy.wildcard(resources.get(r), permission.resource(), false)) {
                            used.add(new Grant(policy.name(), statement.index(), a, r));
                        }
                    }
                }
            }
        }
        return used;
    }

    private Policy.Request request(Permission permission) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("aws:SecureTransport", "true");
        context.put("aws:PrincipalArn", principal);
        return new Policy.Request(principal, permission, context);
    }

    private Optional<Policy> bucketPolicy(String resource) {
        if (!resource.startsWith("arn:aws:s3:::")) {
            return Optional.empty();
        }
        String bucket = resource.substring("arn:aws:s3:::".length()).split("/", 2)[0];
        return Optional.ofNullable(bucketPolicies.get(bucket));
    }

    private static List<Policy> concat(List<Policy> policies, Optional<Policy> more) {
        List<Policy> all = new ArrayList<>(policies);
        more.ifPresent(all::add);
        return all;
    }
}
