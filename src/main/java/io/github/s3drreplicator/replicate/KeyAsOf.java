package io.github.s3drreplicator.replicate;

/**
 * What a restore to an earlier instant ({@code restore --as-of}) wants for one key, as the listings showed it: DR's
 * version at that instant, or none (the key did not exist then), and what production held when it was listed.
 *
 * @param versionId       DR's version of the key at the instant, or {@code null} where it had none (no version yet,
 *                        or a delete marker)
 * @param productionETag  production's object when it was listed, without quotes, or {@code null} where it had none
 * @param prune           whether a key created in production since the instant is deleted
 */
public record KeyAsOf(String versionId, String productionETag, boolean prune) {

    /** Whether the key existed at the instant. */
    public boolean existed() {
        return versionId != null;
    }
}
